package io.earshot.api;

import java.util.Objects;

/**
 * How far a source got within one partition of what it reads.
 *
 * <p>A <em>partition</em> is a stream the source reads independently: a feed URL, a subreddit, a
 * search query, a file. The <em>position</em> is an opaque cursor only the source understands: an
 * ETag, a {@code since_id}, a page token, a Jetstream {@code time_us}, a byte offset. The server
 * stores the checkpoint only after Elasticsearch has acknowledged every mention the task returned
 * before it, and hands the last stored checkpoint of each partition back to the next task through
 * {@link SourceTaskContext#checkpoint(String)}.
 *
 * @param partition which stream; stable across restarts, at most 512 characters
 * @param position  the cursor within it; at most 64 KiB
 */
public record Checkpoint(String partition, String position) {

    public static final int MAX_PARTITION_LENGTH = 512;
    public static final int MAX_POSITION_LENGTH = 64 * 1024;

    public Checkpoint {
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(position, "position");
        if (partition.isEmpty() || partition.length() > MAX_PARTITION_LENGTH) {
            throw new IllegalArgumentException("partition must have 1 to " + MAX_PARTITION_LENGTH + " characters");
        }
        if (position.length() > MAX_POSITION_LENGTH) {
            throw new IllegalArgumentException("checkpoint position of partition '" + partition
                    + "' is longer than " + MAX_POSITION_LENGTH + " characters");
        }
    }
}
