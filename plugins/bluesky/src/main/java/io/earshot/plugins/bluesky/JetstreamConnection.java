package io.earshot.plugins.bluesky;

import io.earshot.api.http.BlockedUrlException;
import io.earshot.api.http.UrlPolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WebSocket subscription to a Jetstream server for {@code app.bsky.feed.post} records, kept open
 * on a virtual thread of its own and reopened with growing pauses when it breaks, each time from
 * the cursor the task has handled so far (minus a safety margin: events are replayed, never
 * skipped; replays are harmless because mention ids are deterministic).
 *
 * <p>What arrives is queued as {@link Item}s for the task: {@link Connected}, {@link Message}s
 * (one JSON event each), {@link Disconnected}. The queue is bounded and the WebSocket is read with
 * flow control ({@link WebSocket#request(long)}): when the task falls behind, Jetstream's sending is
 * held back by TCP instead of memory filling up.
 */
final class JetstreamConnection {

    /** The collection subscribed to. */
    static final String COLLECTION = "app.bsky.feed.post";
    /** Replayed before the cursor on every reconnection, because Jetstream instances' clocks differ a little. */
    static final Duration SAFETY_MARGIN = Duration.ofSeconds(5);
    static final Duration FIRST_RETRY = Duration.ofMillis(500);
    static final Duration MAX_RETRY = Duration.ofMinutes(2);
    static final int QUEUE_CAPACITY = 5_000;
    /** Longest message accepted (Jetstream events are a few KiB). */
    static final int MAX_MESSAGE = 4 * 1024 * 1024;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STABLE = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(JetstreamConnection.class);

    /** Something the connection reports to the task. */
    sealed interface Item {
    }

    /** The subscription is open, from {@code cursorUs} (null: live). */
    record Connected(Long cursorUs) implements Item {
    }

    /** One event as sent by Jetstream (JSON). */
    record Message(String json) implements Item {
    }

    /**
     * The subscription broke or could not be opened; the next attempt is at {@code retryAt}.
     *
     * @param status the HTTP status of a refused handshake, or 0
     */
    record Disconnected(String reason, int status, Instant retryAt) implements Item {
    }

    private final URI base;
    private final HttpClient client;
    private final UrlPolicy policy;
    private final String userAgent;
    private final LongSupplier cursorUs;
    private final Clock clock;
    private final BlockingQueue<Item> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
    /** Messages that arrived while the queue was full; the WebSocket is not asked for more meanwhile. */
    private final Deque<Message> overflow = new ArrayDeque<>();
    private volatile boolean stopped;
    private volatile Thread thread;
    private volatile WebSocket socket;
    private volatile CompletableFuture<String> current;
    private volatile Instant lastActivity;

    /**
     * @param base     the subscription address without collection and cursor parameters
     * @param cursorUs the {@code time_us} handled so far (0 when none), read at every (re)connection
     */
    JetstreamConnection(URI base, HttpClient client, UrlPolicy policy, String userAgent, LongSupplier cursorUs,
                        Clock clock) {
        this.base = base;
        this.client = client;
        this.policy = policy;
        this.userAgent = userAgent;
        this.cursorUs = cursorUs;
        this.clock = clock;
    }

    void start() {
        thread = Thread.ofVirtual().name("jetstream " + base.getHost()).start(this::run);
    }

    /** The next item, waiting up to {@code timeout}; null when none came. */
    Item take(Duration timeout) throws InterruptedException {
        Item item = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        resume();
        return item;
    }

    /** The next item if one is waiting, else null. */
    Item poll() {
        Item item = queue.poll();
        resume();
        return item;
    }

    /** When the open connection last delivered a message, or null when not connected. */
    Instant lastActivity() {
        return lastActivity;
    }

    /** Breaks the current connection (it went silent); it reopens from the cursor. Does not block. */
    void reconnect() {
        CompletableFuture<String> c = current;
        if (c != null) {
            c.complete("the subscription went silent");
        }
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
    }

    /** Ends the subscription for good and wakes a waiting {@link #take}. Does not block. */
    void stop() {
        stopped = true;
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
        queue.offer(new Disconnected("stopped", 0, null));
    }

    /** The address of a subscription from a cursor: {@code wantedCollections} and {@code cursor} added. */
    URI address(long cursor) {
        String s = base.toString();
        StringBuilder url = new StringBuilder(s).append(s.contains("?") ? '&' : '?').append("wantedCollections=")
                .append(COLLECTION);
        if (cursor > 0) {
            url.append("&cursor=").append(Math.max(1, cursor - SAFETY_MARGIN.toNanos() / 1_000));
        }
        return URI.create(url.toString());
    }

    private void run() {
        int attempt = 0;
        while (!stopped) {
            long cursor = cursorUs.getAsLong();
            URI uri = address(cursor);
            Instant openedAt = null;
            String reason;
            int status = 0;
            CompletableFuture<String> closed = new CompletableFuture<>();
            current = closed;
            try {
                policy.check(URI.create(uri.toString().replaceFirst("(?i)^ws", "http")));
                WebSocket ws = client.newWebSocketBuilder()
                        .connectTimeout(CONNECT_TIMEOUT)
                        .header("User-Agent", userAgent)
                        .buildAsync(uri, new Listener(closed))
                        .get(CONNECT_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
                socket = ws;
                openedAt = clock.instant();
                lastActivity = openedAt;
                queue.put(new Connected(cursor > 0 ? cursor : null));
                ws.request(1);
                reason = closed.get();
            } catch (InterruptedException e) {
                if (stopped) {
                    return;
                }
                reason = "interrupted";
            } catch (BlockedUrlException e) {
                reason = e.getMessage();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof WebSocketHandshakeException h) {
                    status = h.getResponse().statusCode();
                    reason = "the server refused the subscription (HTTP " + status + ")";
                } else {
                    reason = cause == null ? "connection failed" : describe(cause);
                }
            } catch (TimeoutException e) {
                reason = "no answer within " + CONNECT_TIMEOUT.toSeconds() + "s";
            } finally {
                current = null;
                WebSocket ws = socket;
                socket = null;
                lastActivity = null;
                if (ws != null) {
                    ws.abort();
                }
                synchronized (this) {
                    overflow.clear(); // replayed from the cursor after reconnecting
                }
            }
            if (stopped) {
                return;
            }
            Thread.interrupted();
            if (openedAt != null && Duration.between(openedAt, clock.instant()).compareTo(STABLE) >= 0) {
                attempt = 0;
            }
            attempt++;
            Duration pause = backoff(attempt);
            LOG.debug("Jetstream subscription ended ({}); reconnecting in {}", reason, pause);
            try {
                queue.put(new Disconnected(reason, status, clock.instant().plus(pause)));
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                if (stopped) {
                    return;
                }
            }
        }
    }

    static Duration backoff(int attempt) {
        long millis = FIRST_RETRY.toMillis() << Math.min(attempt - 1, 16);
        return Duration.ofMillis(Math.min(millis, MAX_RETRY.toMillis()));
    }

    private static String describe(Throwable t) {
        while (t.getCause() != null && (t.getMessage() == null || t instanceof java.util.concurrent.CompletionException)) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** Queues a complete message and asks for the next one, or holds it until the task catches up. */
    private synchronized void deliver(WebSocket ws, Message m) {
        if (overflow.isEmpty() && queue.offer(m)) {
            ws.request(1);
        } else {
            overflow.add(m);
        }
    }

    /** Moves held messages into the queue once there is room, and asks for more. */
    private synchronized void resume() {
        WebSocket ws = socket;
        while (!overflow.isEmpty() && queue.remainingCapacity() > 0) {
            queue.offer(overflow.poll());
            if (ws != null) {
                ws.request(1);
            }
        }
    }

    /** Assembles text messages from their fragments. */
    private final class Listener implements WebSocket.Listener {
        private final CompletableFuture<String> closed;
        private final StringBuilder text = new StringBuilder();

        Listener(CompletableFuture<String> closed) {
            this.closed = closed;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            // the first request(1) is made once the task knows the connection is open
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            lastActivity = clock.instant();
            if (text.length() + data.length() > MAX_MESSAGE) {
                text.setLength(0);
                closed.complete("a message longer than " + MAX_MESSAGE + " characters");
                webSocket.abort();
                return null;
            }
            text.append(data);
            if (!last) {
                webSocket.request(1);
                return null;
            }
            String json = text.toString();
            text.setLength(0);
            deliver(webSocket, new Message(json));
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            // Jetstream sends binary frames only with compression, which is not asked for
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete("the server closed the connection (" + statusCode + (reason == null || reason.isBlank()
                    ? "" : " " + reason) + ")");
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(describe(error));
        }
    }
}
