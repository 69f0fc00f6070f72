package io.earshot.api.http;

import io.earshot.api.CredentialsRejectedException;
import io.earshot.api.FatalSourceException;
import io.earshot.api.RetriableException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A complete HTTP response: status, headers and the (decompressed) body.
 *
 * @param status     HTTP status code
 * @param uri        the URL that answered, after redirects
 * @param headers    response headers; look them up with {@link #header(String)} (case-insensitive)
 * @param body       the body, never {@code null}
 * @param receivedAt when the response arrived (for {@code Retry-After} dates)
 */
public record FetchResponse(int status, URI uri, Map<String, List<String>> headers, byte[] body, Instant receivedAt) {

    public FetchResponse {
        TreeMap<String, List<String>> ci = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            headers.forEach((k, v) -> ci.put(k, List.copyOf(v)));
        }
        headers = java.util.Collections.unmodifiableMap(ci);
        body = body == null ? new byte[0] : body;
    }

    /** The first value of a header, ignoring case. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /** The media type without parameters, lower case, e.g. {@code application/rss+xml}; empty if absent. */
    public String mediaType() {
        return header("Content-Type").map(ct -> {
            int semi = ct.indexOf(';');
            return (semi < 0 ? ct : ct.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
        }).orElse("");
    }

    /** The charset named by {@code Content-Type}, if valid. */
    public Optional<Charset> charset() {
        return header("Content-Type").flatMap(ct -> {
            for (String param : ct.split(";")) {
                String p = param.strip();
                if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                    String name = p.substring(8).replace("\"", "").replace("'", "").strip();
                    try {
                        return Optional.of(Charset.forName(name));
                    } catch (RuntimeException e) {
                        return Optional.empty();
                    }
                }
            }
            return Optional.empty();
        });
    }

    /** The body decoded with the declared charset, else UTF-8 (malformed bytes replaced). */
    public String text() {
        return new String(body, charset().orElse(StandardCharsets.UTF_8));
    }

    /**
     * How long the server asked us to wait: {@code Retry-After} as seconds or as an HTTP date.
     */
    public Optional<Duration> retryAfter() {
        return header("Retry-After").flatMap(v -> parseRetryAfter(v, receivedAt));
    }

    /**
     * Parses a {@code Retry-After} value (delta-seconds or an HTTP date) relative to {@code now}.
     */
    public static Optional<Duration> parseRetryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.strip();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(now, at);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }

    /**
     * Throws the exception a source should throw for a failed response, or returns this response
     * when it succeeded: 401/403 → {@link CredentialsRejectedException}, 408/429/5xx →
     * {@link RetriableException} (with {@code Retry-After}), other statuses →
     * {@link FatalSourceException}.
     *
     * @param platform the platform's name as users know it, e.g. "Reddit"
     */
    public FetchResponse requireSuccess(String platform) {
        if (isSuccess()) {
            return this;
        }
        String what = platform + " answered HTTP " + status + " for " + redact(uri);
        if (status == 401 || status == 403) {
            throw new CredentialsRejectedException(platform, "HTTP " + status);
        }
        if (status == 408 || status == 429 || status >= 500) {
            Optional<Duration> wait = retryAfter();
            String msg = status == 429 ? "rate limited by " + platform + " (HTTP 429)" : what;
            throw new RetriableException(msg, wait.orElse(null), null);
        }
        throw new FatalSourceException(what);
    }

    /** The URL without its query string, which may hold keys or tokens. */
    public static String redact(URI uri) {
        if (uri.getRawQuery() == null) {
            return uri.toString();
        }
        String s = uri.toString();
        return s.substring(0, s.indexOf('?')) + "?…";
    }
}
