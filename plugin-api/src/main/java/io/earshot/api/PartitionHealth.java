package io.earshot.api;

import java.time.Instant;

/**
 * The health of one partition of a source (a feed, a subreddit...).
 *
 * @param partition the partition
 * @param ok        whether its last attempt worked
 * @param message   what went wrong, or why it waits, when not ok
 * @param since     when it entered this state
 * @param waitUntil when a waiting partition will be read again (rate limits); {@code null} otherwise
 */
public record PartitionHealth(String partition, boolean ok, String message, Instant since, Instant waitUntil) {

    /** Waiting (rate-limited), as opposed to failing, at the given time. */
    public boolean waitingAt(Instant now) {
        return !ok && waitUntil != null && waitUntil.isAfter(now);
    }
}
