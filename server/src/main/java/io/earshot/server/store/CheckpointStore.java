package io.earshot.server.store;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.earshot.api.Checkpoint;
import io.earshot.server.ingest.SourceKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Committed checkpoints, one document per source partition in the state index. Blocking calls:
 * use from worker or source threads.
 */
public final class CheckpointStore {

    private final ElasticsearchClient client;
    private final IndexNames names;
    private final Clock clock;

    public CheckpointStore(ElasticsearchClient client, IndexNames names, Clock clock) {
        this.client = client;
        this.names = names;
        this.clock = clock;
    }

    /** The document stored for one checkpoint. */
    public record CheckpointDoc(String kind, String workspace, String sourceId, String partition, String position,
                                String updatedAt) {
    }

    /** Every committed checkpoint of a source, by partition. */
    public Map<String, Checkpoint> load(SourceKey key) throws IOException {
        // Commits of a process that died a moment ago may not be searchable yet.
        client.indices().refresh(r -> r.index(names.state()));
        Map<String, Checkpoint> out = new LinkedHashMap<>();
        List<FieldValue> after = null;
        while (true) {
            List<FieldValue> searchAfter = after;
            SearchResponse<CheckpointDoc> response = client.search(s -> {
                s.index(names.state())
                        .size(1000)
                        .query(q -> q.bool(b -> b
                                .filter(f -> f.term(t -> t.field("kind").value("checkpoint")))
                                .filter(f -> f.term(t -> t.field("workspace").value(key.workspace())))
                                .filter(f -> f.term(t -> t.field("sourceId").value(key.sourceId())))))
                        .sort(o -> o.field(f -> f.field("partition")));
                if (searchAfter != null) {
                    s.searchAfter(searchAfter);
                }
                return s;
            }, CheckpointDoc.class);
            List<Hit<CheckpointDoc>> hits = response.hits().hits();
            for (Hit<CheckpointDoc> hit : hits) {
                CheckpointDoc doc = hit.source();
                if (doc != null) {
                    out.put(doc.partition(), new Checkpoint(doc.partition(), doc.position()));
                }
            }
            if (hits.size() < 1000) {
                return out;
            }
            after = hits.get(hits.size() - 1).sort();
        }
    }

    /** Stores checkpoints durably (the call returns after Elasticsearch acknowledged them). */
    public void save(SourceKey key, Map<String, Checkpoint> checkpoints) throws IOException {
        if (checkpoints.isEmpty()) {
            return;
        }
        String now = clock.instant().toString();
        List<BulkOperation> ops = new ArrayList<>();
        for (Checkpoint cp : checkpoints.values()) {
            CheckpointDoc doc = new CheckpointDoc("checkpoint", key.workspace(), key.sourceId(), cp.partition(),
                    cp.position(), now);
            ops.add(BulkOperation.of(o -> o.index(i -> i.index(names.state()).id(docId(key, cp.partition())).document(doc))));
        }
        BulkResponse response = client.bulk(b -> b.operations(ops));
        if (response.errors()) {
            String reason = response.items().stream().filter(i -> i.error() != null)
                    .map(i -> i.error().type() + ": " + i.error().reason()).findFirst().orElse("unknown");
            throw new IOException("could not store checkpoints of " + key + ": " + reason);
        }
    }

    /** Removes every checkpoint of a source (when it is deleted). */
    public void delete(SourceKey key) throws IOException {
        Map<String, Checkpoint> all = load(key);
        if (all.isEmpty()) {
            return;
        }
        List<BulkOperation> ops = new ArrayList<>();
        for (String partition : all.keySet()) {
            ops.add(BulkOperation.of(o -> o.delete(d -> d.index(names.state()).id(docId(key, partition)))));
        }
        client.bulk(b -> b.operations(ops).refresh(Refresh.WaitFor));
    }

    static String docId(SourceKey key, String partition) {
        return "checkpoint:" + key.workspace() + ":" + key.sourceId() + ":" + sha1(partition);
    }

    private static String sha1(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
