package io.earshot.api;

/**
 * Lets a task tell the user about trouble that does not stop it, and show status such as quota
 * use. The server combines these reports with what it sees itself (poll failures, backoff,
 * Elasticsearch rejections) into the {@link SourceHealth} shown by the API. Thread-safe.
 *
 * <p>Messages are read by users: say what is wrong and, where possible, what to do, e.g.
 * "https://example.com/news is an HTML page, not a feed (it links to the feed
 * https://example.com/news/rss)". Never include secrets.
 */
public interface HealthReporter {

    /** One partition (a feed, a subreddit, a channel) failed; the others go on. */
    void partitionFailed(String partition, String message);

    /**
     * The partition was read successfully (clears an earlier failure). Call it after every
     * successful read of a partition, not only after a failure: the server tells users how many
     * partitions work ("2 of 10 feeds failing") and shows FAILING only when none does.
     */
    void partitionRecovered(String partition);

    /**
     * The partition is fine but must wait (the platform rate-limited it, asked to retry later):
     * it is not read again before {@code until}. The source shows DEGRADED, not FAILING, while it
     * waits. The next {@link #partitionRecovered} or {@link #partitionFailed} replaces this.
     */
    void partitionWaiting(String partition, java.time.Instant until, String message);

    /**
     * The task works, but not as it should (e.g. "rate limited by Reddit, slowing down"): the
     * source shows DEGRADED until {@link #recovered()}.
     */
    void degraded(String message);

    /** Clears {@link #degraded(String)}. */
    void recovered();

    /**
     * A status line the user should see with the source's health, e.g. {@code quota} →
     * "4,300 of 10,000 units used today". A {@code null} value removes the line.
     */
    void status(String key, String value);
}
