package io.earshot.api;

import java.time.Duration;
import java.util.Optional;

/**
 * Trouble that should pass by itself: HTTP 429 or 5xx, a timeout, a dropped connection. The server
 * backs off (exponentially, or for {@link #retryAfter()} when the platform said how long) and
 * polls again; the source shows DEGRADED, then FAILING if it goes on.
 */
public class RetriableException extends SourceException {

    private final Duration retryAfter;

    public RetriableException(String message) {
        this(message, null, null);
    }

    public RetriableException(String message, Throwable cause) {
        this(message, null, cause);
    }

    /**
     * @param retryAfter how long the platform asked us to wait ({@code Retry-After}, rate limit
     *                   reset), or {@code null}
     */
    public RetriableException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter == null || retryAfter.isNegative() ? null : retryAfter;
    }

    /** How long the platform asked us to wait, when it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
