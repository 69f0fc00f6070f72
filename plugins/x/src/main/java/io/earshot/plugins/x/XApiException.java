package io.earshot.plugins.x;

import java.time.Duration;

/**
 * A recent-search call that did not work, classified by what the source must do about it. The
 * message is plain, for users, and never holds the token.
 */
final class XApiException extends Exception {

    /** What kind of trouble, from the HTTP status and X's problem type. */
    enum Kind {
        /** HTTP 401, or a 403 that is not about the app's access level: the token is not accepted. */
        CREDENTIALS,
        /** HTTP 403 {@code client-not-enrolled}: the app's plan or project does not include this endpoint. */
        NOT_ENROLLED,
        /** X's usage cap for the app is reached ({@code UsageCapExceeded}). */
        USAGE_CAP,
        /** HTTP 429: too many requests in the rate-limit window. */
        RATE_LIMITED,
        /** HTTP 400 about {@code since_id} (older than the 7 days recent search covers). */
        BAD_SINCE_ID,
        /** HTTP 400 about {@code next_token}. */
        BAD_NEXT_TOKEN,
        /** HTTP 400 about the query: only this query is affected. */
        BAD_QUERY,
        /** X failed or could not be reached (HTTP 5xx, timeouts, malformed answers): try again later. */
        UNAVAILABLE
    }

    private final Kind kind;
    private final Duration retryAfter;

    XApiException(Kind kind, String message, Duration retryAfter) {
        super(message);
        this.kind = kind;
        this.retryAfter = retryAfter;
    }

    Kind kind() {
        return kind;
    }

    /** How long X asked us to wait (Retry-After or the rate-limit reset), or null. */
    Duration retryAfter() {
        return retryAfter;
    }
}
