package io.earshot.api;

import java.time.Duration;

/**
 * The source used up the quota the platform or the user allows (a daily API quota, a cost cap);
 * polling resumes when it resets.
 */
public class QuotaExceededException extends RetriableException {

    public QuotaExceededException(String message, Duration untilReset) {
        super(message, untilReset, null);
    }
}
