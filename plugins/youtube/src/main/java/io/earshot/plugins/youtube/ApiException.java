package io.earshot.plugins.youtube;

import java.time.Duration;

/**
 * A YouTube Data API call that did not work, classified by what the source must do about it. The
 * message is plain, for users, and never holds the API key.
 */
final class ApiException extends Exception {

    /** What kind of trouble, from the HTTP status and the error reasons YouTube gives. */
    enum Kind {
        /** The project's daily quota is used up ({@code quotaExceeded}, {@code dailyLimitExceeded}). */
        QUOTA,
        /** Too many requests in a short time ({@code rateLimitExceeded}, HTTP 429). */
        RATE_LIMITED,
        /** The API key is invalid, expired or restricted ({@code keyInvalid}, "API key not valid"). */
        CREDENTIALS,
        /** The YouTube Data API is not enabled for the key's project ({@code accessNotConfigured}). */
        API_DISABLED,
        /** The video or channel does not exist (HTTP 404). */
        NOT_FOUND,
        /** The video's or channel's comments are turned off ({@code commentsDisabled}). */
        COMMENTS_DISABLED,
        /** The page token is no longer valid. */
        BAD_PAGE_TOKEN,
        /** YouTube refused this request (a bad query, a forbidden resource): only this partition is affected. */
        REJECTED,
        /** YouTube failed or could not be reached (HTTP 5xx, timeouts, malformed answers): try again later. */
        UNAVAILABLE
    }

    private final Kind kind;
    private final Duration retryAfter;

    ApiException(Kind kind, String message, Duration retryAfter) {
        super(message);
        this.kind = kind;
        this.retryAfter = retryAfter;
    }

    Kind kind() {
        return kind;
    }

    /** How long YouTube asked us to wait, or null. */
    Duration retryAfter() {
        return retryAfter;
    }

    /** Whether the whole source (every partition) is affected. */
    boolean affectsSource() {
        return switch (kind) {
            case QUOTA, RATE_LIMITED, CREDENTIALS, API_DISABLED -> true;
            default -> false;
        };
    }
}
