package io.earshot.api.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * A careful HTTP client for plugins, built on the JDK's {@link HttpClient}: one deadline for the
 * whole exchange (body included), a size limit enforced while reading (also on decompressed
 * bytes, so a gzip bomb stops at the limit), gzip/deflate decoding, redirects followed by hand so
 * that the {@link UrlPolicy} checks every hop, and prompt abandonment when the calling thread is
 * interrupted.
 *
 * <p>Thread-safe; share one instance. Sources get the server's instance from
 * {@link io.earshot.api.SourceTaskContext#http()}; tests build their own with {@link #builder()}.
 */
public final class HttpFetcher {

    private static final Set<String> RESTRICTED_HEADERS = Set.of("connection", "content-length", "host", "expect",
            "upgrade");

    private final HttpClient client;
    private final String userAgent;
    private final Duration defaultTimeout;
    private final long defaultMaxBytes;
    private final int maxRedirects;
    private final UrlPolicy policy;
    private final Clock clock;

    private HttpFetcher(Builder b) {
        this.client = HttpClient.newBuilder()
                .connectTimeout(b.connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.userAgent = b.userAgent;
        this.defaultTimeout = b.timeout;
        this.defaultMaxBytes = b.maxBytes;
        this.maxRedirects = b.maxRedirects;
        this.policy = b.policy;
        this.clock = b.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The User-Agent sent with every request. */
    public String userAgent() {
        return userAgent;
    }

    /** The address policy, for plugins that open connections of their own (WebSockets). */
    public UrlPolicy policy() {
        return policy;
    }

    /**
     * The underlying client, for streaming protocols (WebSocket, server-sent events) that this
     * class does not cover. Check URLs with {@link #policy()} before connecting.
     */
    public HttpClient client() {
        return client;
    }

    /** GET a URL. */
    public FetchResponse get(URI uri) throws IOException, InterruptedException {
        return send(FetchRequest.get(uri));
    }

    /**
     * Sends a request and reads the whole response.
     *
     * @throws BlockedUrlException        the policy refused the URL or a redirect target
     * @throws ResponseTooLargeException  the body passed the size limit
     * @throws HttpTimeoutException       the exchange did not finish within the timeout
     * @throws IOException                any other network or protocol failure
     * @throws InterruptedException       the calling thread was interrupted; the exchange is abandoned
     */
    public FetchResponse send(FetchRequest request) throws IOException, InterruptedException {
        Duration timeout = request.timeout() != null ? request.timeout() : defaultTimeout;
        long maxBytes = request.maxBytes() > 0 ? request.maxBytes() : defaultMaxBytes;
        long deadline = System.nanoTime() + timeout.toNanos();
        URI uri = request.uri();
        String method = request.method();
        byte[] body = request.body();
        for (int hop = 0; ; hop++) {
            policy.check(uri);
            HttpResponse<byte[]> response = exchange(uri, method, request.headers(), body, deadline, timeout, maxBytes);
            int status = response.statusCode();
            if (isRedirect(status) && response.headers().firstValue("Location").isPresent()) {
                if (hop >= maxRedirects) {
                    throw new IOException("too many redirects (more than " + maxRedirects + ") from " + request.uri());
                }
                uri = resolve(uri, response.headers().firstValue("Location").get());
                if (status == 301 || status == 302 || status == 303) {
                    if (!"GET".equals(method) && !"HEAD".equals(method)) {
                        method = "GET";
                        body = null;
                    }
                }
                continue;
            }
            byte[] decoded = decode(response, maxBytes);
            return new FetchResponse(status, uri, response.headers().map(), decoded, clock.instant());
        }
    }

    private HttpResponse<byte[]> exchange(URI uri, String method, Map<String, String> headers, byte[] body,
                                          long deadline, Duration timeout, long maxBytes)
            throws IOException, InterruptedException {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw new HttpTimeoutException("no complete answer from " + FetchResponse.redact(uri) + " within "
                    + timeout.toSeconds() + "s");
        }
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofNanos(remaining))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if ("http".equalsIgnoreCase(uri.getScheme())) {
            rb.version(HttpClient.Version.HTTP_1_1);
        }
        boolean hasAcceptEncoding = false;
        boolean hasUserAgent = false;
        for (Map.Entry<String, String> h : headers.entrySet()) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (RESTRICTED_HEADERS.contains(name)) {
                continue;
            }
            hasAcceptEncoding |= name.equals("accept-encoding");
            hasUserAgent |= name.equals("user-agent");
            rb.header(h.getKey(), h.getValue());
        }
        if (!hasAcceptEncoding) {
            rb.header("Accept-Encoding", "gzip, deflate");
        }
        if (!hasUserAgent) {
            rb.header("User-Agent", userAgent);
        }
        CompletableFuture<HttpResponse<byte[]>> future =
                client.sendAsync(rb.build(), info -> new LimitedBodySubscriber(info, maxBytes));
        try {
            return future.get(remaining, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new HttpTimeoutException("no complete answer from " + FetchResponse.redact(uri) + " within "
                    + timeout.toSeconds() + "s");
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        } catch (CancellationException e) {
            throw new IOException("request to " + FetchResponse.redact(uri) + " was cancelled", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof IOException io) {
                if (io instanceof ResponseTooLargeException || io instanceof HttpTimeoutException) {
                    throw io;
                }
                String detail = io.getMessage() == null ? io.getClass().getSimpleName() : io.getMessage();
                if (io instanceof java.net.ConnectException) {
                    detail = "connection refused";
                }
                throw new IOException("could not fetch " + FetchResponse.redact(uri) + ": " + detail, io);
            }
            throw new IOException("could not fetch " + FetchResponse.redact(uri) + ": " + cause, cause);
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static URI resolve(URI base, String location) throws IOException {
        try {
            return base.resolve(new URI(location.strip().replace(" ", "%20")));
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            throw new IOException("invalid redirect location '" + location + "' from " + FetchResponse.redact(base));
        }
    }

    private static byte[] decode(HttpResponse<byte[]> response, long maxBytes) throws IOException {
        String encoding = response.headers().firstValue("Content-Encoding").orElse("").strip().toLowerCase(Locale.ROOT);
        byte[] raw = response.body();
        if (raw.length == 0 || encoding.isEmpty() || encoding.equals("identity")) {
            return raw;
        }
        InputStream in;
        try {
            in = switch (encoding) {
                case "gzip", "x-gzip" -> new GZIPInputStream(new ByteArrayInputStream(raw));
                case "deflate" -> new InflaterInputStream(new ByteArrayInputStream(raw));
                default -> null;
            };
        } catch (IOException e) {
            throw new IOException("the response claims " + encoding + " compression but is not compressed", e);
        }
        if (in == null) {
            return raw;
        }
        try (InputStream stream = in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(raw.length * 4, 1 << 20));
            byte[] buf = new byte[16 * 1024];
            long total = 0;
            int n;
            while ((n = stream.read(buf)) > 0) {
                total += n;
                if (total > maxBytes) {
                    throw new ResponseTooLargeException(maxBytes);
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        }
    }

    /** Collects a body, failing as soon as it passes the limit (declared or actual). */
    private static final class LimitedBodySubscriber implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final long maxBytes;
        private final boolean tooLargeUpFront;
        private Flow.Subscription subscription;
        private long received;

        LimitedBodySubscriber(HttpResponse.ResponseInfo info, long maxBytes) {
            this.maxBytes = maxBytes;
            long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
            this.tooLargeUpFront = declared > maxBytes;
        }

        @Override
        public CompletableFuture<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            this.subscription = s;
            if (tooLargeUpFront) {
                s.cancel();
                result.completeExceptionally(new ResponseTooLargeException(maxBytes));
            } else {
                s.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer b : items) {
                received += b.remaining();
                if (received > maxBytes) {
                    subscription.cancel();
                    result.completeExceptionally(new ResponseTooLargeException(maxBytes));
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                buffer.writeBytes(chunk);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(buffer.toByteArray());
        }
    }

    /** Configures an {@link HttpFetcher}. */
    public static final class Builder {
        private String userAgent = "Earshot (+https://github.com/earshot-io/earshot)";
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration timeout = Duration.ofSeconds(30);
        private long maxBytes = 10L * 1024 * 1024;
        private int maxRedirects = 5;
        private UrlPolicy policy = UrlPolicy.allowAll();
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        public Builder userAgent(String userAgent) {
            this.userAgent = Objects.requireNonNull(userAgent);
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Objects.requireNonNull(connectTimeout);
            return this;
        }

        /** Default deadline for a whole exchange, body included. */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** Default largest body accepted, after decompression. */
        public Builder maxBytes(long maxBytes) {
            if (maxBytes <= 0) {
                throw new IllegalArgumentException("maxBytes must be positive");
            }
            this.maxBytes = maxBytes;
            return this;
        }

        public Builder maxRedirects(int maxRedirects) {
            this.maxRedirects = maxRedirects;
            return this;
        }

        public Builder policy(UrlPolicy policy) {
            this.policy = Objects.requireNonNull(policy);
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public HttpFetcher build() {
            return new HttpFetcher(this);
        }
    }
}
