package io.earshot.plugins.bluesky;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Spreads requests out: a burst of {@code burst} requests, then {@code perSecond}. Keeps a source
 * well below Bluesky's limits (3,000 requests per 5 minutes for an account) however many queries it
 * has. Used by the task thread only.
 */
final class Pacer {

    private final Clock clock;
    private final int burst;
    private final double perSecond;
    private double tokens;
    private Instant last;

    Pacer(Clock clock, int burst, double perSecond) {
        this.clock = clock;
        this.burst = burst;
        this.perSecond = perSecond;
        this.tokens = burst;
    }

    /** Takes the permission for one request now; false when it must wait. */
    boolean tryAcquire() {
        Instant now = clock.instant();
        if (last != null && now.isAfter(last)) {
            tokens = Math.min(burst, tokens + Duration.between(last, now).toMillis() / 1000.0 * perSecond);
        }
        last = now;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
