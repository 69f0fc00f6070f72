package io.earshot.server.ingest;

import io.earshot.api.Mention;

/**
 * One mention on its way to Elasticsearch, with what is needed to acknowledge it to its source.
 *
 * @param key      the source it came from
 * @param seq      its position in the source's stream (orders checkpoint commits)
 * @param mention  the enriched mention
 * @param index    the monthly index it goes to
 * @param docId    its Elasticsearch {@code _id}
 * @param attempts how many times it was sent already
 */
public record IngestItem(SourceKey key, long seq, Mention mention, String index, String docId, int attempts) {

    public IngestItem retry() {
        return new IngestItem(key, seq, mention, index, docId, attempts + 1);
    }
}
