package io.earshot.api;

import java.time.Instant;

/**
 * The health of one partition of a source (a feed, a subreddit...).
 *
 * @param partition the partition
 * @param ok        whether its last attempt worked
 * @param message   what went wrong, when not ok
 * @param since     when it entered this state
 */
public record PartitionHealth(String partition, boolean ok, String message, Instant since) {
}
