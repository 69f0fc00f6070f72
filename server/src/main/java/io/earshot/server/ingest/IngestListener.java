package io.earshot.server.ingest;

/**
 * Told by the {@link MentionSink} what became of each item. Called from client I/O threads: must
 * be quick and must not block.
 */
public interface IngestListener {

    /** Elasticsearch acknowledged the item. */
    void indexed(IngestItem item);

    /**
     * Elasticsearch refused the item for good (e.g. a mapping error); it was kept in the
     * dead-letter index with the reason, so it counts as handled.
     */
    void rejected(IngestItem item, String reason);
}
