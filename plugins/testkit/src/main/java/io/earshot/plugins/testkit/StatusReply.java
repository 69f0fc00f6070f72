package io.earshot.plugins.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A plain HTTP answer with which {@link SseServer} and {@link WebSocketServer} refuse a connection
 * instead of opening a stream: 401, 429 with {@code Retry-After}, 503, a redirect. Immutable.
 *
 * @param status  the HTTP status code
 * @param headers response headers (Content-Type and Content-Length are added)
 * @param body    the body, as UTF-8 text
 */
public record StatusReply(int status, Map<String, String> headers, String body) {

    public StatusReply {
        headers = headers == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        body = Objects.requireNonNullElse(body, "");
    }

    /** A status with a short text body. */
    public static StatusReply of(int status, String body) {
        return new StatusReply(status, Map.of("Content-Type", "text/plain; charset=utf-8"), body);
    }

    /** A status with a JSON body, e.g. {@code {"error":"The access token is invalid"}}. */
    public static StatusReply json(int status, String json) {
        return new StatusReply(status, Map.of("Content-Type", "application/json; charset=utf-8"), json);
    }

    /** {@code 429 Too Many Requests} with {@code Retry-After} in seconds. */
    public static StatusReply tooManyRequests(long retryAfterSeconds) {
        return of(429, "slow down").header("Retry-After", Long.toString(retryAfterSeconds));
    }

    /** A redirect ({@code 301}, {@code 302}, {@code 307}...) to {@code location}. */
    public static StatusReply redirect(int status, String location) {
        return new StatusReply(status, Map.of("Location", location), "");
    }

    /** A copy with one more header. */
    public StatusReply header(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new StatusReply(status, copy, body);
    }

    /** Writes the whole HTTP/1.1 response, closing the connection afterwards. */
    void writeTo(OutputStream out) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("Content-Length: ").append(bytes.length).append("\r\n");
        head.append("Connection: close\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes);
        out.flush();
    }

    static String reason(int status) {
        return switch (status) {
            case 101 -> "Switching Protocols";
            case 200 -> "OK";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 307 -> "Temporary Redirect";
            case 308 -> "Permanent Redirect";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 410 -> "Gone";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            default -> "Status";
        };
    }
}
