package io.earshot.plugins.mastodon;

import io.earshot.api.http.FetchResponse;
import io.earshot.api.http.UrlPolicy;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live stream of one timeline: a server-sent events connection to the instance's streaming API
 * ({@code /api/v1/streaming/...}), kept open on a virtual thread of its own, reconnecting with
 * growing pauses when it breaks. Everything it learns is handed to a {@link Sink} as
 * {@link Item}s, in order: {@link Connected}, {@link Event}s, {@link Disconnected}, or
 * {@link Refused} when the instance will not stream this timeline (the thread then ends).
 *
 * <p>Redirects are followed by hand (at most {@value #MAX_REDIRECTS}, each checked against the
 * server's address policy): instances with a separate streaming host redirect there. The access
 * token goes only to the instance that issued it and to where it redirects.
 */
final class TimelineStream {

    static final int MAX_REDIRECTS = 3;
    /** Longest line accepted; a status is a few KiB. */
    static final int MAX_LINE = 2 * 1024 * 1024;
    static final Duration FIRST_RETRY = Duration.ofMillis(500);
    static final Duration MAX_RETRY = Duration.ofMinutes(2);
    /** A connection that lived this long resets the pause before the next attempt. */
    private static final Duration STABLE = Duration.ofMinutes(1);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(TimelineStream.class);

    /** Something the stream reports to the task. */
    sealed interface Item {
        Timeline timeline();
    }

    /** The stream is open; events follow. */
    record Connected(Timeline timeline) implements Item {
    }

    /** One server-sent event: {@code update}, {@code status.update}, {@code delete}... */
    record Event(Timeline timeline, String name, String data) implements Item {
    }

    /** The stream broke or could not be opened; the next attempt is at {@code retryAt}. */
    record Disconnected(Timeline timeline, String reason, Instant retryAt) implements Item {
    }

    /**
     * The instance refuses to stream this timeline (HTTP 4xx); no further attempt is made.
     *
     * @param status       the HTTP status
     * @param message      what to tell the user
     * @param tokenRefused the access token was sent and refused
     */
    record Refused(Timeline timeline, int status, String message, boolean tokenRefused) implements Item {
    }

    /** Where items go; may block when the task is behind. */
    @FunctionalInterface
    interface Sink {
        void put(Item item) throws InterruptedException;
    }

    private final Timeline timeline;
    private final HttpClient client;
    private final UrlPolicy policy;
    private final String userAgent;
    private final String authorization;
    private final Sink sink;
    private final Clock clock;
    private volatile boolean stopped;
    private volatile Thread thread;
    private volatile InputStream body;
    private volatile Instant lastActivity;

    TimelineStream(Timeline timeline, HttpClient client, UrlPolicy policy, String userAgent, String authorization,
                   Sink sink, Clock clock) {
        this.timeline = timeline;
        this.client = client;
        this.policy = policy;
        this.userAgent = userAgent;
        this.authorization = authorization;
        this.sink = sink;
        this.clock = clock;
    }

    void start() {
        thread = Thread.ofVirtual().name("mastodon-stream " + timeline.partition()).start(this::run);
    }

    /** Ends the stream for good. Does not block. */
    void stop() {
        stopped = true;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
        closeBody();
    }

    /** Breaks the current connection (it went silent); the stream reconnects. Does not block. */
    void reconnect() {
        Thread t = thread;
        if (t != null && body != null) {
            t.interrupt();
        }
        closeBody();
    }

    /** When the open connection last delivered anything (heartbeats count), or null when not connected. */
    Instant lastActivity() {
        return lastActivity;
    }

    private void run() {
        int attempt = 0;
        while (!stopped) {
            Instant openedAt = null;
            Duration retryAfter = null;
            String reason;
            try {
                HttpResponse<InputStream> response = open();
                int status = response.statusCode();
                if (status == 200 && isEventStream(response)) {
                    openedAt = clock.instant();
                    body = response.body();
                    lastActivity = openedAt;
                    sink.put(new Connected(timeline));
                    reason = read(response.body());
                } else {
                    drain(response);
                    if (status == 200) {
                        sink.put(new Refused(timeline, status, Instances.host(timeline.instance())
                                + " did not answer with an event stream for " + timeline.shortLabel(), false));
                        return;
                    }
                    if (status == 401 || status == 403) {
                        boolean withToken = authorization != null;
                        sink.put(new Refused(timeline, status, withToken
                                ? Instances.host(timeline.instance()) + " refused the access token for streaming (HTTP "
                                        + status + ")"
                                : Instances.host(timeline.instance()) + " streams " + timeline.shortLabel()
                                        + " only to signed-in users (HTTP " + status + "); set an access token issued"
                                        + " by it to follow it live", withToken));
                        return;
                    }
                    if (status == 400 || status == 404 || status == 410 || status == 422) {
                        sink.put(new Refused(timeline, status, Instances.host(timeline.instance())
                                + " does not offer a live stream of " + timeline.shortLabel() + " (HTTP " + status + ")",
                                false));
                        return;
                    }
                    retryAfter = response.headers().firstValue("Retry-After")
                            .flatMap(v -> FetchResponse.parseRetryAfter(v, clock.instant())).orElse(null);
                    reason = status == 429 ? "rate limited (HTTP 429)" : "HTTP " + status;
                }
            } catch (InterruptedException e) {
                if (stopped) {
                    return;
                }
                reason = "the stream went silent";
            } catch (IOException e) {
                reason = stopped ? "stopped" : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            } finally {
                closeBody();
                lastActivity = null;
            }
            if (stopped) {
                return;
            }
            Thread.interrupted(); // a reconnect() may have interrupted a read; only stop() ends the loop
            if (openedAt != null && Duration.between(openedAt, clock.instant()).compareTo(STABLE) >= 0) {
                attempt = 0;
            }
            attempt++;
            Duration pause = retryAfter != null ? retryAfter : backoff(attempt);
            if (pause.compareTo(MAX_RETRY) > 0 && retryAfter == null) {
                pause = MAX_RETRY;
            }
            LOG.debug("Stream of {} ended ({}); reconnecting in {}", timeline.label(), reason, pause);
            try {
                sink.put(new Disconnected(timeline, reason, clock.instant().plus(pause)));
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

    private HttpResponse<InputStream> open() throws IOException, InterruptedException {
        URI uri = URI.create(timeline.instance() + timeline.streamPathAndQuery());
        boolean sendToken = authorization != null;
        for (int hop = 0; ; hop++) {
            policy.check(uri);
            HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                    .version(HttpClient.Version.HTTP_1_1)
                    .timeout(CONNECT_TIMEOUT)
                    .header("Accept", "text/event-stream")
                    .header("Cache-Control", "no-cache")
                    .header("User-Agent", userAgent)
                    .GET();
            if (sendToken) {
                request.header("Authorization", authorization);
            }
            HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            int status = response.statusCode();
            Optional<String> location = response.headers().firstValue("Location");
            if ((status == 301 || status == 302 || status == 303 || status == 307 || status == 308) && location.isPresent()) {
                drain(response);
                if (hop >= MAX_REDIRECTS) {
                    throw new IOException("too many redirects from " + timeline.instance());
                }
                try {
                    uri = uri.resolve(location.get().strip());
                } catch (IllegalArgumentException e) {
                    throw new IOException("invalid redirect to '" + location.get() + "'");
                }
                continue;
            }
            return response;
        }
    }

    private static boolean isEventStream(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT).contains("event-stream");
    }

    /** Reads events until the stream ends; returns why it ended. */
    private String read(InputStream in) throws IOException, InterruptedException {
        LineReader reader = new LineReader(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 16 * 1024));
        StringBuilder line = new StringBuilder(256);
        String event = null;
        StringBuilder data = null;
        while (!stopped) {
            if (!reader.readLine(line)) {
                return "the instance closed the stream";
            }
            lastActivity = clock.instant();
            if (line.isEmpty()) {
                if (data != null) {
                    sink.put(new Event(timeline, event == null ? "message" : event, data.toString()));
                }
                event = null;
                data = null;
                continue;
            }
            if (line.charAt(0) == ':') {
                continue;
            }
            int colon = line.indexOf(":");
            String field = colon < 0 ? line.toString() : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1 + (colon + 1 < line.length() && line.charAt(colon + 1) == ' ' ? 1 : 0));
            switch (field) {
                case "event" -> event = value;
                case "data" -> {
                    if (data == null) {
                        data = new StringBuilder(value);
                    } else {
                        data.append('\n').append(value);
                    }
                }
                default -> {
                    // id, retry and unknown fields are not used by Mastodon
                }
            }
        }
        return "stopped";
    }

    /** Lines ended by CR, LF or CRLF, without waiting for the character after a CR. */
    private static final class LineReader {
        private final BufferedReader reader;
        private boolean afterCr;

        LineReader(BufferedReader reader) {
            this.reader = reader;
        }

        /** Reads one line into {@code line}; false at the end of the stream. */
        boolean readLine(StringBuilder line) throws IOException {
            line.setLength(0);
            while (true) {
                int c = reader.read();
                if (c < 0) {
                    return false;
                }
                if (afterCr) {
                    afterCr = false;
                    if (c == '\n') {
                        continue;
                    }
                }
                if (c == '\n') {
                    return true;
                }
                if (c == '\r') {
                    afterCr = true;
                    return true;
                }
                if (line.length() >= MAX_LINE) {
                    throw new IOException("a line of the stream is longer than " + MAX_LINE + " characters");
                }
                line.append((char) c);
            }
        }
    }

    private static void drain(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            in.readNBytes(64 * 1024);
        } catch (IOException e) {
            // nothing to read
        }
    }

    private void closeBody() {
        InputStream in = body;
        body = null;
        if (in != null) {
            try {
                in.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
