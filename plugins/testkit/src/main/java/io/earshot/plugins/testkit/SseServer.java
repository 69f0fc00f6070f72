package io.earshot.plugins.testkit;

import io.earshot.plugins.testkit.ReplayServer.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server on 127.0.0.1 that serves
 * <a href="https://html.spec.whatwg.org/multipage/server-sent-events.html">server-sent events</a>
 * ({@code text/event-stream}) under the test's control: every request opens an
 * {@link EventStream} that stays open until the test closes or drops it (or the client goes away),
 * and the test pushes events, comments (heartbeats) and raw text into it whenever it likes.
 * Requests are recorded, so tests can assert on paths, query parameters, {@code Authorization} and
 * {@code Last-Event-ID} headers.
 *
 * <p>A path can refuse its next connections with a prepared {@link StatusReply} (401, 429 with
 * {@code Retry-After}, a redirect...), to test error handling and reconnection.
 *
 * <pre>{@code
 * try (SseServer server = SseServer.start()) {
 *     URI url = server.uri("/api/v1/streaming/hashtag?tag=cats");
 *     // ... start the client ...
 *     EventStream stream = server.awaitStream("/api/v1/streaming/hashtag");
 *     stream.event("update", "{\"id\":\"1\"}");
 *     stream.comment("thump");
 *     stream.drop();               // the connection breaks; the client should reconnect
 *     server.awaitStream("/api/v1/streaming/hashtag").event("update", "{\"id\":\"2\"}");
 * }
 * }</pre>
 *
 * <p>Responses are HTTP/1.1 with {@code Connection: close} and no length: the body ends when the
 * connection does. Thread-safe; every connection is served by its own virtual threads, and
 * {@link #close()} ends all of them.
 */
public final class SseServer implements AutoCloseable {

    /** How long {@link #awaitStream(String)} waits for a client to connect. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);

    private final ServerSocket socket;
    private final Map<String, Deque<StatusReply>> refusals = new ConcurrentHashMap<>();
    private final Map<String, BlockingQueue<EventStream>> unclaimed = new ConcurrentHashMap<>();
    private final List<EventStream> streams = new CopyOnWriteArrayList<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private SseServer(ServerSocket socket) {
        this.socket = socket;
    }

    /** Starts a server on a free port of 127.0.0.1. */
    public static SseServer start() {
        try {
            ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            SseServer server = new SseServer(socket);
            Thread.ofVirtual().name("sse-server-accept").start(server::acceptLoop);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The absolute URL of a path on this server. */
    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port() + pathAndQuery);
    }

    public int port() {
        return socket.getLocalPort();
    }

    /**
     * Answers the next request to {@code path} with this reply instead of opening a stream; refusals
     * queue up in order and each is used once.
     */
    public SseServer refuseNext(String path, StatusReply reply) {
        refusals.computeIfAbsent(path, p -> new ArrayDeque<>()).add(reply);
        return this;
    }

    /**
     * Waits (up to {@link #DEFAULT_WAIT}) for the next stream opened on {@code path} that no earlier
     * call returned, in the order the clients connected.
     *
     * @throws AssertionError when no client connects in time
     */
    public EventStream awaitStream(String path) {
        return awaitStream(path, DEFAULT_WAIT);
    }

    /** Like {@link #awaitStream(String)}, with a timeout of your choice. */
    public EventStream awaitStream(String path, Duration timeout) {
        try {
            EventStream s = queue(path).poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (s == null) {
                throw new AssertionError("no client opened an event stream on " + path + " within " + timeout
                        + " (requests so far: " + requests.stream().map(RecordedRequest::path).toList() + ")");
            }
            return s;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a stream on " + path, e);
        }
    }

    /** Every stream opened so far, open or not, in order. */
    public List<EventStream> streams() {
        return List.copyOf(streams);
    }

    /** The streams opened on one path. */
    public List<EventStream> streams(String path) {
        return streams.stream().filter(s -> s.request().path().equals(path)).toList();
    }

    /** Every request received so far (streams and refusals), in order. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** The requests received for one path. */
    public List<RecordedRequest> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Ends every open stream and stops the server. */
    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Socket c : connections) {
            closeQuietly(c);
        }
    }

    private BlockingQueue<EventStream> queue(String path) {
        return unclaimed.computeIfAbsent(path, p -> new LinkedBlockingQueue<>());
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = socket.accept();
                connections.add(client);
                Thread.ofVirtual().name("sse-server-connection").start(() -> serve(client));
            } catch (IOException e) {
                if (!closed) {
                    continue;
                }
                return;
            }
        }
    }

    private void serve(Socket client) {
        EventStream stream = null;
        try (client) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            RecordedRequest request = RawHttp.readHead(in);
            requests.add(request);
            StatusReply refusal = nextRefusal(request.path());
            if (refusal != null) {
                refusal.writeTo(out);
                return;
            }
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-cache\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            stream = new EventStream(request, client);
            streams.add(stream);
            EventStream s = stream;
            // notices the client hanging up while the stream waits for the test
            Thread.ofVirtual().name("sse-server-hangup").start(() -> s.watchForHangUp(in));
            queue(request.path()).add(stream);
            stream.pump(out);
        } catch (IOException e) {
            // the client went away or the stream was dropped
        } finally {
            if (stream != null) {
                stream.markClosed();
            }
            connections.remove(client);
        }
    }

    private StatusReply nextRefusal(String path) {
        Deque<StatusReply> queue = refusals.get(path);
        if (queue == null) {
            return null;
        }
        synchronized (queue) {
            return queue.poll();
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    /**
     * One open {@code text/event-stream} response. Methods may be called from any thread; what is
     * sent arrives in order. Sending on a closed stream is silently ignored (the client is gone).
     */
    public static final class EventStream {

        private static final byte[] CLOSE = new byte[0];
        private static final byte[] DROP = new byte[0];

        private final RecordedRequest request;
        private final Socket socket;
        private final BlockingQueue<byte[]> outgoing = new LinkedBlockingQueue<>();
        private final CountDownLatch closedLatch = new CountDownLatch(1);
        private volatile boolean open = true;

        EventStream(RecordedRequest request, Socket socket) {
            this.request = request;
            this.socket = socket;
        }

        /** The request that opened this stream. */
        public RecordedRequest request() {
            return request;
        }

        /**
         * Sends an event: {@code event: <name>} (left out when {@code name} is null), one
         * {@code data:} line per line of {@code data}, then a blank line.
         */
        public EventStream event(String name, String data) {
            return event(null, name, data);
        }

        /** Sends an event with an {@code id:} line as well (what {@code Last-Event-ID} repeats). */
        public EventStream event(String id, String name, String data) {
            StringBuilder sb = new StringBuilder();
            if (id != null) {
                sb.append("id: ").append(id).append('\n');
            }
            if (name != null) {
                sb.append("event: ").append(name).append('\n');
            }
            for (String line : data.split("\n", -1)) {
                sb.append("data: ").append(line).append('\n');
            }
            sb.append('\n');
            return raw(sb.toString());
        }

        /** Sends a comment line ({@code :text}), as servers do for heartbeats. */
        public EventStream comment(String text) {
            return raw(":" + text + "\n");
        }

        /** Sends text exactly as given (odd line endings, an event split across writes). */
        public EventStream raw(String text) {
            if (open) {
                outgoing.add(text.getBytes(StandardCharsets.UTF_8));
            }
            return this;
        }

        /** Ends the response normally, after everything sent before: the client reads the end of the body. */
        public void close() {
            if (open) {
                outgoing.add(CLOSE);
            }
        }

        /**
         * Breaks the connection abruptly (a TCP reset), after everything sent before, as a crashed
         * server or a network failure would.
         */
        public void drop() {
            if (open) {
                outgoing.add(DROP);
            }
        }

        /** Whether the connection is still open. */
        public boolean isOpen() {
            return open;
        }

        /**
         * Waits until the stream is closed by either side: the client disconnected, or
         * {@link #close()} / {@link #drop()} took effect.
         *
         * @return whether it closed within the timeout
         */
        public boolean awaitClosed(Duration timeout) {
            try {
                return closedLatch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        void pump(OutputStream out) throws IOException {
            while (open) {
                byte[] chunk;
                try {
                    chunk = outgoing.poll(100, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (chunk == null) {
                    continue;
                }
                if (chunk == CLOSE) {
                    out.flush();
                    return;
                }
                if (chunk == DROP) {
                    out.flush();
                    socket.setSoLinger(true, 0);
                    return;
                }
                out.write(chunk);
                out.flush();
            }
        }

        void watchForHangUp(InputStream in) {
            try {
                while (in.read() >= 0) {
                    // a client sends nothing after the request head; ignore whatever comes
                }
            } catch (IOException e) {
                // closed
            }
            markClosed();
            closeQuietly(socket);
        }

        void markClosed() {
            open = false;
            closedLatch.countDown();
        }
    }
}
