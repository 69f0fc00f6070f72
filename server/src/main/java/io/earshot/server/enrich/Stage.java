package io.earshot.server.enrich;

import io.earshot.api.Mention;

/**
 * One step of the enrichment pipeline. Stages run on the source's thread, in order, for every
 * mention; they must be thread-safe (sources run concurrently) and quick.
 */
public interface Stage {

    /** A short stable name for metrics, e.g. {@code normalise}. */
    String name();

    /**
     * @return the mention, changed or not, or {@code null} to drop it (e.g. blocked by a filter)
     * @throws RuntimeException when this mention cannot be processed; the pipeline records the
     *                          failure, leaves the mention as it was and goes on with the next stage
     */
    Mention apply(Mention mention, SourceInfo source);

    /**
     * What a stage knows about the source a mention came from.
     *
     * @param workspace workspace id
     * @param sourceId  configured source id
     * @param type      source plugin type
     */
    record SourceInfo(String workspace, String sourceId, String type) {
    }
}
