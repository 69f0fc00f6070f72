package io.earshot.api.notify;

import java.time.Duration;
import java.util.Optional;

/** Delivery failed but may work later (timeout, HTTP 429 or 5xx): the server retries with backoff. */
public class TemporaryNotificationException extends NotificationException {

    private final Duration retryAfter;

    public TemporaryNotificationException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    public TemporaryNotificationException(String message, Throwable cause) {
        this(message, null, cause);
    }

    /** How long the receiver asked us to wait, when it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
