package io.earshot.plugins.testkit;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A real HTTP server on 127.0.0.1 that answers with prepared responses: recorded payloads,
 * multi-page sequences, 429 with {@code Retry-After}, 5xx, slow or endless bodies. Every request
 * is recorded, so tests can assert on conditional GET headers, paging parameters and pacing.
 *
 * <pre>{@code
 * try (ReplayServer server = ReplayServer.start()) {
 *     server.on("/feed.xml").respond(Reply.ok("application/rss+xml", rss));
 *     URI feed = server.uri("/feed.xml");
 * }
 * }</pre>
 */
public final class ReplayServer implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

    private ReplayServer(HttpServer server) {
        this.server = server;
    }

    public static ReplayServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            ReplayServer replay = new ReplayServer(server);
            server.createContext("/", replay::handle);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.start();
            return replay;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The absolute URL of a path on this server. */
    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The route for a path (the query string is not part of the match). */
    public Route on(String path) {
        return routes.computeIfAbsent(path, p -> new Route());
    }

    /** Every request received so far, in order. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** The requests received for one path. */
    public List<RecordedRequest> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        URI uri = exchange.getRequestURI();
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
        byte[] body = exchange.getRequestBody().readAllBytes();
        RecordedRequest request = new RecordedRequest(exchange.getRequestMethod(), uri.getPath(), uri.getRawQuery(),
                headers, new String(body, StandardCharsets.UTF_8), System.nanoTime());
        requests.add(request);
        Route route = routes.get(uri.getPath());
        Reply reply = route == null ? Reply.status(404, "no route for " + uri.getPath()) : route.next(request);
        try {
            reply.writeTo(exchange);
        } catch (IOException e) {
            // the client went away (timeout or size limit): nothing to do
        } finally {
            exchange.close();
        }
    }

    /** A request as received. Header names are lower case. */
    public record RecordedRequest(String method, String path, String query, Map<String, String> headers, String body,
                                  long receivedNanos) {

        public String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }

        /** A query parameter's first value (URL-decoded), or {@code null}. */
        public String param(String name) {
            if (query == null) {
                return null;
            }
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String k = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                if (k.equals(name)) {
                    return eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                }
            }
            return null;
        }
    }

    /** What a path answers: a queue of replies (each used once) and then a default. */
    public static final class Route {
        private final Deque<Function<RecordedRequest, Reply>> queue = new ArrayDeque<>();
        private Function<RecordedRequest, Reply> fallback = r -> Reply.status(404, "nothing prepared");

        /** Answers every request (after any queued replies) with this reply. */
        public synchronized Route respond(Reply reply) {
            fallback = r -> reply;
            return this;
        }

        /** Answers every request (after any queued replies) with a reply computed from it. */
        public synchronized Route respond(Function<RecordedRequest, Reply> handler) {
            fallback = handler;
            return this;
        }

        /** Answers the next request with this reply, once; replies queue up in order. */
        public synchronized Route thenOnce(Reply reply) {
            queue.add(r -> reply);
            return this;
        }

        synchronized Reply next(RecordedRequest request) {
            Function<RecordedRequest, Reply> f = queue.isEmpty() ? fallback : queue.poll();
            return f.apply(request);
        }
    }

    /** A prepared response. */
    public static final class Reply {
        private final int status;
        private final Map<String, List<String>> headers = new LinkedHashMap<>();
        private final byte[] body;
        private Duration delay = Duration.ZERO;
        private long endlessBytes = -1;

        private Reply(int status, byte[] body) {
            this.status = status;
            this.body = body;
        }

        public static Reply ok(String contentType, String body) {
            return ok(contentType, body.getBytes(StandardCharsets.UTF_8));
        }

        public static Reply ok(String contentType, byte[] body) {
            return new Reply(200, body).header("Content-Type", contentType);
        }

        public static Reply status(int status, String body) {
            return new Reply(status, body.getBytes(StandardCharsets.UTF_8)).header("Content-Type", "text/plain; charset=utf-8");
        }

        /** {@code 429 Too Many Requests} with {@code Retry-After} in seconds. */
        public static Reply tooManyRequests(long retryAfterSeconds) {
            return status(429, "slow down").header("Retry-After", Long.toString(retryAfterSeconds));
        }

        public static Reply notModified() {
            return new Reply(304, new byte[0]);
        }

        public static Reply redirect(int status, String location) {
            return new Reply(status, new byte[0]).header("Location", location);
        }

        /** A 200 whose body streams {@code bytes} of filler (no Content-Length): for size limits. */
        public static Reply endless(String contentType, long bytes) {
            Reply r = new Reply(200, new byte[0]).header("Content-Type", contentType);
            r.endlessBytes = bytes;
            return r;
        }

        public Reply header(String name, String value) {
            headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            return this;
        }

        /** Waits before answering (for timeouts). */
        public Reply delayed(Duration delay) {
            this.delay = delay;
            return this;
        }

        void writeTo(HttpExchange exchange) throws IOException {
            if (!delay.isZero()) {
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            Headers h = exchange.getResponseHeaders();
            headers.forEach(h::put);
            if (endlessBytes >= 0) {
                exchange.sendResponseHeaders(status, 0);
                byte[] chunk = new byte[64 * 1024];
                java.util.Arrays.fill(chunk, (byte) ' ');
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>big</title>".getBytes(StandardCharsets.UTF_8));
                    for (long sent = 0; sent < endlessBytes; sent += chunk.length) {
                        out.write(chunk);
                    }
                    out.write("</channel></rss>".getBytes(StandardCharsets.UTF_8));
                }
                return;
            }
            boolean noBody = status == 304 || status == 204 || body.length == 0;
            exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
            if (!noBody) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }
}
