package io.earshot.plugins.bluesky;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.earshot.api.config.Durations;
import io.earshot.api.http.BlockedUrlException;
import io.earshot.api.http.FetchRequest;
import io.earshot.api.http.FetchResponse;
import io.earshot.api.http.HttpFetcher;
import io.earshot.api.http.ResponseTooLargeException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Calls of the AT Protocol's HTTP API ({@code /xrpc/<method>}), with every answer turned into a
 * {@link Result}: the JSON body, or the {@code error} and {@code message} of an XRPC error, or why
 * the service could not be reached. Follows the {@code ratelimit-*} headers of each service and
 * says until when a service must be left alone. Thread-safe.
 */
final class Xrpc {

    static final long MAX_BYTES = 8L * 1024 * 1024;
    /** How long to leave a service alone after 429 without a reset time. */
    static final Duration DEFAULT_RATE_LIMIT_WAIT = Duration.ofMinutes(5);
    static final Duration MAX_WAIT = Duration.ofHours(6);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpFetcher http;
    private final Clock clock;
    private final Duration timeout;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    /** A service's rate limit window, from {@code ratelimit-limit}, {@code -remaining}, {@code -reset}. */
    record Window(long limit, long remaining, Instant reset) {
    }

    Xrpc(HttpFetcher http, Clock clock, Duration timeout) {
        this.http = http;
        this.clock = clock;
        this.timeout = timeout;
    }

    /** The outcome of one call. */
    sealed interface Result {
    }

    /** HTTP 2xx with a JSON body. */
    record Ok(JsonNode body) implements Result {
    }

    /**
     * An XRPC error.
     *
     * @param status  the HTTP status
     * @param error   the {@code error} name (e.g. {@code ExpiredToken}), or null
     * @param message the {@code message}, or null
     * @param retryAt when to try again, for 429 and 5xx
     */
    record Error(int status, String error, String message, Instant retryAt) implements Result {

        /** "HTTP 400 InvalidRequest: the message", for messages to users. */
        String describe() {
            StringBuilder sb = new StringBuilder("HTTP ").append(status);
            if (error != null) {
                sb.append(' ').append(error);
            }
            if (message != null) {
                sb.append(": ").append(message.length() > 200 ? message.substring(0, 200) + "…" : message);
            }
            return sb.toString();
        }

        boolean isTokenProblem() {
            return "ExpiredToken".equals(error) || "InvalidToken".equals(error)
                    || (status == 401 && ("AuthenticationRequired".equals(error) || error == null));
        }
    }

    /** No answer: timeout, network error, or an answer that is not the API's. */
    record Unreachable(String message) implements Result {
    }

    /** GET {@code <base>/xrpc/<method>?<params>}; params are name/value pairs, values may repeat names. */
    Result get(URI base, String method, List<Map.Entry<String, String>> params, String bearer) throws InterruptedException {
        StringBuilder url = new StringBuilder(base.toString()).append("/xrpc/").append(method);
        char sep = '?';
        for (Map.Entry<String, String> p : params) {
            if (p.getValue() == null) {
                continue;
            }
            url.append(sep).append(encode(p.getKey())).append('=').append(encode(p.getValue()));
            sep = '&';
        }
        FetchRequest request = FetchRequest.get(URI.create(url.toString()))
                .withHeader("Accept", "application/json")
                .withHeader("Authorization", bearer == null ? null : "Bearer " + bearer);
        return send(base, request);
    }

    /** POST {@code <base>/xrpc/<method>} with a JSON body, or with no body at all when {@code body} is null. */
    Result post(URI base, String method, JsonNode body, String bearer) throws InterruptedException {
        URI uri = URI.create(base + "/xrpc/" + method);
        FetchRequest request = body == null
                ? new FetchRequest("POST", uri, Map.of("Accept", "application/json"), null, null, 0)
                : FetchRequest.post(uri, "application/json", body.toString().getBytes(StandardCharsets.UTF_8))
                        .withHeader("Accept", "application/json");
        return send(base, request.withHeader("Authorization", bearer == null ? null : "Bearer " + bearer));
    }

    private Result send(URI base, FetchRequest request) throws InterruptedException {
        FetchResponse response;
        String host = base.getHost();
        try {
            response = http.send(request.withTimeout(timeout).withMaxBytes(MAX_BYTES));
        } catch (ResponseTooLargeException e) {
            return new Unreachable(host + " answered more than " + FetchRequest.formatBytes(MAX_BYTES));
        } catch (HttpTimeoutException e) {
            return new Unreachable(host + " did not answer within " + Durations.format(timeout));
        } catch (BlockedUrlException e) {
            return new Unreachable(e.getMessage());
        } catch (IOException e) {
            return new Unreachable("could not reach " + host + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
        Window window = window(response);
        if (window != null) {
            windows.put(host, window);
        }
        JsonNode body = null;
        String text = response.text().strip();
        if (text.startsWith("{") || text.startsWith("[")) {
            try {
                body = JSON.readTree(text);
            } catch (IOException e) {
                body = null;
            }
        }
        if (response.isSuccess()) {
            if (body == null || !body.isObject()) {
                return new Unreachable(host + " answered something that is not the Bluesky API (no JSON object)");
            }
            return new Ok(body);
        }
        String error = body == null ? null : PostContent.text(body, "error");
        String message = body == null ? null : PostContent.text(body, "message");
        Instant retryAt = null;
        int status = response.status();
        if (status == 429 || status >= 500) {
            Instant now = clock.instant();
            Duration wait = response.retryAfter().orElse(null);
            if (wait == null && window != null && window.reset() != null && window.reset().isAfter(now)) {
                wait = Duration.between(now, window.reset());
            }
            if (wait == null) {
                wait = status == 429 ? DEFAULT_RATE_LIMIT_WAIT : Duration.ofMinutes(1);
            }
            retryAt = now.plus(wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait);
        }
        return new Error(status, error, message, retryAt);
    }

    /** Until when a service's window is used up (nothing left of it), or null. */
    Instant exhaustedUntil(URI base) {
        Window w = windows.get(base.getHost());
        Instant now = clock.instant();
        if (w != null && w.remaining() <= 0 && w.reset() != null && w.reset().isAfter(now)) {
            return w.reset();
        }
        return null;
    }

    /** "1,234 of 3,000 requests left until 12:05 UTC" for a service, or null when it did not say. */
    String describe(URI base) {
        Window w = windows.get(base.getHost());
        if (w == null || (w.reset() != null && !w.reset().isAfter(clock.instant()))) {
            return null;
        }
        return String.format(Locale.ROOT, "%,d of %,d requests left", w.remaining(), w.limit())
                + (w.reset() == null ? "" : " until " + TIME.format(w.reset()));
    }

    static String format(Instant t) {
        return TIME.format(t);
    }

    private static Window window(FetchResponse r) {
        Long limit = number(r.header("ratelimit-limit").orElse(null));
        Long remaining = number(r.header("ratelimit-remaining").orElse(null));
        Long reset = number(r.header("ratelimit-reset").orElse(null));
        if (limit == null || remaining == null) {
            return null;
        }
        return new Window(limit, remaining, reset == null ? null : Instant.ofEpochSecond(reset));
    }

    private static Long number(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
