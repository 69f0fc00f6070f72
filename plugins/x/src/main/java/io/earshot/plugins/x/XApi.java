package io.earshot.plugins.x;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.earshot.api.config.Secret;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Calls the X API v2 recent search with the bearer token, keeps track of the rate limit X reports
 * in {@code x-rate-limit-*} headers, and turns failures into {@link XApiException}s whose messages
 * never contain the token.
 */
final class XApi {

    static final String SEARCH_PATH = "/2/tweets/search/recent";
    /** How long to wait after a 429 that says neither Retry-After nor a reset time: X's rate-limit window. */
    static final Duration DEFAULT_RATE_LIMIT_WAIT = Duration.ofMinutes(15);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_BYTES = 16L * 1024 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpFetcher http;
    private final String base;
    private final Secret token;
    private final Clock clock;
    private Integer limit;
    private Integer remaining;
    private Instant reset;

    XApi(HttpFetcher http, URI base, Secret token, Clock clock) {
        this.http = http;
        String b = base.toString();
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
        this.token = token;
        this.clock = clock;
    }

    /** GETs the recent search with these parameters and returns the JSON answer. */
    JsonNode search(Map<String, String> params) throws XApiException, InterruptedException {
        StringBuilder url = new StringBuilder(base).append(SEARCH_PATH);
        char sep = '?';
        for (Map.Entry<String, String> p : params.entrySet()) {
            if (p.getValue() != null) {
                url.append(sep).append(encode(p.getKey())).append('=').append(encode(p.getValue()));
                sep = '&';
            }
        }
        FetchResponse response;
        try {
            response = http.send(FetchRequest.get(URI.create(url.toString()))
                    .withHeader("Authorization", "Bearer " + token.reveal())
                    .withHeader("Accept", "application/json")
                    .withTimeout(TIMEOUT)
                    .withMaxBytes(MAX_BYTES));
        } catch (HttpTimeoutException e) {
            throw new XApiException(XApiException.Kind.UNAVAILABLE, "X did not answer within " + TIMEOUT.toSeconds()
                    + "s", null);
        } catch (ResponseTooLargeException e) {
            throw new XApiException(XApiException.Kind.UNAVAILABLE, "X's answer was larger than "
                    + FetchRequest.formatBytes(MAX_BYTES), null);
        } catch (IOException e) {
            throw new XApiException(XApiException.Kind.UNAVAILABLE, "could not reach X: "
                    + scrub(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), null);
        }
        readRateLimit(response);
        if (response.isSuccess()) {
            JsonNode body;
            try {
                body = JSON.readTree(response.body());
            } catch (IOException e) {
                body = null;
            }
            if (body == null || !body.isObject()) {
                throw new XApiException(XApiException.Kind.UNAVAILABLE, "X answered with malformed JSON", null);
            }
            return body;
        }
        throw failure(response);
    }

    /** When the rate limit allows the next request, or null when it does now. */
    Instant blockedUntil() {
        if (remaining == null || remaining > 0 || reset == null || !reset.isAfter(clock.instant())) {
            return null;
        }
        return reset;
    }

    /** The size of X's rate-limit window in requests, when X said. */
    Integer rateLimit() {
        return limit;
    }

    private void readRateLimit(FetchResponse response) {
        Integer l = integer(response.header("x-rate-limit-limit").orElse(null));
        Integer r = integer(response.header("x-rate-limit-remaining").orElse(null));
        Long epoch = number(response.header("x-rate-limit-reset").orElse(null));
        if (l != null) {
            limit = l;
        }
        if (r != null) {
            remaining = r;
        }
        if (epoch != null) {
            reset = Instant.ofEpochSecond(epoch);
        }
    }

    private XApiException failure(FetchResponse response) {
        int status = response.status();
        JsonNode body = null;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            // not JSON: the status alone decides
        }
        String type = text(body, "type");
        String title = text(body, "title");
        String detail = text(body, "detail");
        String reason = text(body, "reason");
        List<String> messages = new ArrayList<>();
        List<String> parameters = new ArrayList<>();
        if (body != null) {
            for (JsonNode e : body.path("errors")) {
                if (e.hasNonNull("message")) {
                    messages.add(e.get("message").asText());
                }
                e.path("parameters").fieldNames().forEachRemaining(parameters::add);
            }
        }
        String said = detail != null ? detail : !messages.isEmpty() ? String.join("; ", messages) : title;
        String what = "X answered HTTP " + status + (said == null ? "" : ": " + scrub(said));
        boolean usageCap = (type != null && type.endsWith("/usage-capped")) || "UsageCapExceeded".equals(title)
                || (said != null && said.toLowerCase(Locale.ROOT).contains("usage cap"));
        if (usageCap) {
            return new XApiException(XApiException.Kind.USAGE_CAP, scrub(said == null ? "usage cap exceeded" : said),
                    null);
        }
        if (status == 401) {
            return new XApiException(XApiException.Kind.CREDENTIALS, "HTTP 401" + (said == null ? "" : " " + scrub(said))
                    + ": the bearer token is not valid (revoked or regenerated?)", null);
        }
        if (status == 403) {
            boolean notEnrolled = "client-not-enrolled".equals(reason)
                    || (type != null && type.endsWith("/client-forbidden"));
            return new XApiException(notEnrolled ? XApiException.Kind.NOT_ENROLLED : XApiException.Kind.CREDENTIALS,
                    "HTTP 403" + (reason != null ? " " + reason : "") + (said == null ? "" : ": " + scrub(said)), null);
        }
        if (status == 429) {
            Duration wait = response.retryAfter().orElse(null);
            if (wait == null && reset != null) {
                wait = Duration.between(clock.instant(), reset);
            }
            if (wait == null || wait.isNegative() || wait.isZero()) {
                wait = DEFAULT_RATE_LIMIT_WAIT;
            }
            return new XApiException(XApiException.Kind.RATE_LIMITED, what, wait);
        }
        if (status >= 500) {
            return new XApiException(XApiException.Kind.UNAVAILABLE, what, response.retryAfter().orElse(null));
        }
        if (status == 400) {
            String msg = scrub(!messages.isEmpty() ? String.join("; ", messages) : said == null ? "invalid request" : said);
            if (parameters.contains("since_id")) {
                return new XApiException(XApiException.Kind.BAD_SINCE_ID, msg, null);
            }
            if (parameters.contains("next_token") || parameters.contains("pagination_token")) {
                return new XApiException(XApiException.Kind.BAD_NEXT_TOKEN, msg, null);
            }
            return new XApiException(XApiException.Kind.BAD_QUERY, msg, null);
        }
        return new XApiException(XApiException.Kind.BAD_QUERY, what, null);
    }

    /** The text with the token masked, should a library have put it into a message. */
    private String scrub(String text) {
        String t = token.reveal();
        return text == null || t.isEmpty() ? text : text.replace(t, Secret.MASK);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || !v.isTextual() || v.asText().isBlank() ? null : v.asText();
    }

    private static Integer integer(String s) {
        Long v = number(s);
        return v == null || v > Integer.MAX_VALUE ? null : v.intValue();
    }

    private static Long number(String s) {
        if (s == null) {
            return null;
        }
        try {
            long v = Long.parseLong(s.strip());
            return v < 0 ? null : v;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
