package io.earshot.api.http;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP request for {@link HttpFetcher}. Immutable; derive variants with the {@code with...}
 * methods.
 *
 * @param method   GET, POST, ...
 * @param uri      absolute http or https URL
 * @param headers  request headers (the fetcher adds User-Agent and Accept-Encoding)
 * @param body     request body or {@code null}
 * @param timeout  the whole exchange, body included; {@code null} for the fetcher's default
 * @param maxBytes the largest body accepted (after decompression); 0 for the fetcher's default
 */
public record FetchRequest(String method, URI uri, Map<String, String> headers, byte[] body, Duration timeout,
                           long maxBytes) {

    public FetchRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        headers = headers == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative");
        }
    }

    public static FetchRequest get(URI uri) {
        return new FetchRequest("GET", uri, Map.of(), null, null, 0);
    }

    public static FetchRequest get(String uri) {
        return get(URI.create(uri));
    }

    public static FetchRequest post(URI uri, String contentType, byte[] body) {
        return new FetchRequest("POST", uri, Map.of("Content-Type", contentType), body, null, 0);
    }

    /** A copy with one more header (a {@code null} value is ignored). */
    public FetchRequest withHeader(String name, String value) {
        if (value == null) {
            return this;
        }
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new FetchRequest(method, uri, copy, body, timeout, maxBytes);
    }

    public FetchRequest withTimeout(Duration timeout) {
        return new FetchRequest(method, uri, headers, body, timeout, maxBytes);
    }

    public FetchRequest withMaxBytes(long maxBytes) {
        return new FetchRequest(method, uri, headers, body, timeout, maxBytes);
    }

    /** "512 KB", "10 MB": for messages. */
    public static String formatBytes(long bytes) {
        if (bytes >= 1024L * 1024 && bytes % (1024L * 1024) == 0) {
            return bytes / (1024L * 1024) + " MB";
        }
        if (bytes >= 1024L * 1024) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
        }
        if (bytes >= 1024) {
            return bytes / 1024 + " KB";
        }
        return bytes + " bytes";
    }
}
