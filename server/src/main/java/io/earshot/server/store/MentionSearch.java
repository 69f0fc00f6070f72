package io.earshot.server.store;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.core.type.TypeReference;
import io.earshot.api.Mention;
import io.earshot.server.InvalidRequestException;
import io.earshot.server.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Reads mentions back, always through a {@link MentionFilter} (which applies the workspace). Paging
 * uses {@code search_after} on (publishedAt, id), newest first.
 */
public final class MentionSearch {

    private final ElasticsearchAsyncClient client;
    private final IndexNames names;

    public MentionSearch(ElasticsearchAsyncClient client, IndexNames names) {
        this.client = client;
        this.names = names;
    }

    public CompletableFuture<MentionPage> search(MentionQuery q) {
        List<FieldValue> after = q.after() == null ? null : decodeCursor(q.after());
        Query query = q.filter().toQuery();
        return client.search(s -> {
            s.index(names.mentionsAlias())
                    .query(query)
                    .size(q.size())
                    .trackTotalHits(t -> t.enabled(true))
                    .sort(o -> o.field(f -> f.field("publishedAt").order(SortOrder.Desc)))
                    .sort(o -> o.field(f -> f.field("id").order(SortOrder.Desc)));
            if (after != null) {
                s.searchAfter(after);
            }
            return s;
        }, Mention.class).thenApply(response -> page(response, q.size()));
    }

    /** One mention of a workspace by its id ({@code <platform>:<native id>}). */
    public CompletableFuture<Optional<Mention>> get(String workspace, String mentionId) {
        return client.search(s -> s
                .index(names.mentionsAlias())
                .size(1)
                .query(qb -> qb.bool(b -> b
                        .filter(f -> f.term(t -> t.field("workspace").value(workspace)))
                        .filter(f -> f.term(t -> t.field("id").value(mentionId))))), Mention.class)
                .thenApply(r -> r.hits().hits().stream().map(Hit::source).findFirst());
    }

    private static MentionPage page(SearchResponse<Mention> response, int size) {
        List<Mention> items = new ArrayList<>();
        List<Hit<Mention>> hits = response.hits().hits();
        for (Hit<Mention> hit : hits) {
            if (hit.source() != null) {
                items.add(hit.source());
            }
        }
        long total = response.hits().total() == null ? items.size() : response.hits().total().value();
        String next = null;
        if (hits.size() == size && !hits.isEmpty()) {
            next = encodeCursor(hits.get(hits.size() - 1).sort());
        }
        return new MentionPage(total, items, next);
    }

    static String encodeCursor(List<FieldValue> sort) {
        List<Object> values = new ArrayList<>();
        for (FieldValue v : sort) {
            values.add(v.isLong() ? (Object) v.longValue() : v.isString() ? v.stringValue() : v._get().toString());
        }
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.STORAGE.writeValueAsBytes(values));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<FieldValue> decodeCursor(String cursor) {
        try {
            byte[] json = Base64.getUrlDecoder().decode(cursor);
            List<Object> values = Json.STORAGE.readValue(new String(json, StandardCharsets.UTF_8), new TypeReference<>() { });
            if (values.size() != 2 || !(values.get(0) instanceof Number) || !(values.get(1) instanceof String)) {
                throw new IllegalArgumentException("bad cursor shape");
            }
            return List.of(FieldValue.of(((Number) values.get(0)).longValue()), FieldValue.of((String) values.get(1)));
        } catch (IllegalArgumentException | IOException e) {
            throw new InvalidRequestException("cursor", "is not a cursor this server issued; start again without it");
        }
    }
}
