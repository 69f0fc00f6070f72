package io.earshot.server.ingest;

import java.util.List;

/**
 * Where enriched mentions go: a durable store that acknowledges each item through the
 * {@link IngestListener} once it is safely written (or dead-lettered). Items that fail for a
 * transient reason are retried until they succeed; none is ever dropped.
 */
public interface MentionSink extends AutoCloseable {

    /**
     * Hands items over for writing. Blocks while the number of unacknowledged items is at capacity
     * (backpressure); call it from a source's own thread, never from an event loop.
     */
    void write(List<IngestItem> items) throws InterruptedException;

    /** Items handed over and not yet acknowledged. */
    int pending();

    /** The capacity of {@link #pending()}. */
    int capacity();

    /** Waits until nothing is pending or the timeout passes; returns whether it drained. */
    boolean drain(java.time.Duration timeout) throws InterruptedException;

    @Override
    void close();
}
