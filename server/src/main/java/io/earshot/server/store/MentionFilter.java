package io.earshot.server.store;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Operator;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch._types.query_dsl.SimpleQueryStringFlag;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Which mentions a search or an aggregation looks at. The workspace is mandatory and applied
 * here, in the one place every read goes through, so no handler can forget it. User text reaches
 * Elasticsearch only as a {@code simple_query_string} (no scripts, no raw DSL, never a syntax
 * error).
 *
 * @param workspace  the workspace; always applied
 * @param text       simple query string over title and text
 * @param from       published at or after
 * @param to         published before
 * @param sources    configured source ids
 * @param platforms  platforms
 * @param langs      language codes
 * @param authors    author handles (without @), ids or names
 * @param topics     topic ids
 * @param duplicates whether near-duplicates ({@code duplicateOf} set) are counted
 */
public record MentionFilter(String workspace, String text, Instant from, Instant to, List<String> sources,
                            List<String> platforms, List<String> langs, List<String> authors, List<String> topics,
                            boolean duplicates) {

    public MentionFilter {
        Objects.requireNonNull(workspace, "workspace");
        sources = sources == null ? List.of() : List.copyOf(sources);
        platforms = platforms == null ? List.of() : List.copyOf(platforms);
        langs = langs == null ? List.of() : List.copyOf(langs);
        authors = authors == null ? List.of() : List.copyOf(authors);
        topics = topics == null ? List.of() : List.copyOf(topics);
    }

    /** Everything of a workspace. */
    public static MentionFilter workspace(String workspace) {
        return new MentionFilter(workspace, null, null, null, null, null, null, null, null, true);
    }

    /** The same filter over another time range (e.g. a baseline window). */
    public MentionFilter between(Instant newFrom, Instant newTo) {
        return new MentionFilter(workspace, text, newFrom, newTo, sources, platforms, langs, authors, topics, duplicates);
    }

    /** The same filter without its topic condition. */
    public MentionFilter withoutTopics() {
        return new MentionFilter(workspace, text, from, to, sources, platforms, langs, authors, List.of(), duplicates);
    }

    /** The Elasticsearch query. */
    public Query toQuery() {
        return Query.of(q -> q.bool(this::apply));
    }

    private BoolQuery.Builder apply(BoolQuery.Builder b) {
        b.filter(f -> f.term(t -> t.field("workspace").value(workspace)));
        if (text != null && !text.isBlank()) {
            b.must(m -> m.simpleQueryString(s -> s
                    .query(text)
                    .fields("title^2", "text")
                    .defaultOperator(Operator.And)
                    .flags(SimpleQueryStringFlag.And, SimpleQueryStringFlag.Or, SimpleQueryStringFlag.Not,
                            SimpleQueryStringFlag.Phrase, SimpleQueryStringFlag.Prefix, SimpleQueryStringFlag.Precedence,
                            SimpleQueryStringFlag.Whitespace, SimpleQueryStringFlag.Escape)
                    .lenient(true)));
        }
        if (from != null || to != null) {
            b.filter(f -> f.range(r -> r.date(d -> {
                d.field("publishedAt");
                if (from != null) {
                    d.gte(from.toString());
                }
                if (to != null) {
                    d.lt(to.toString());
                }
                return d;
            })));
        }
        terms(b, "sourceId", sources);
        terms(b, "platform", platforms);
        terms(b, "lang", langs.stream().map(l -> l.toLowerCase(Locale.ROOT)).toList());
        terms(b, "topics", topics);
        if (!authors.isEmpty()) {
            b.filter(f -> f.bool(any -> {
                for (String author : authors) {
                    String handle = author.startsWith("@") ? author.substring(1) : author;
                    any.should(s -> s.term(t -> t.field("author.handle").value(handle)));
                    any.should(s -> s.term(t -> t.field("author.id").value(author)));
                    any.should(s -> s.matchPhrase(m -> m.field("author.name").query(author)));
                }
                return any.minimumShouldMatch("1");
            }));
        }
        if (!duplicates) {
            b.mustNot(n -> n.exists(e -> e.field("duplicateOf")));
        }
        return b;
    }

    private static void terms(BoolQuery.Builder b, String field, List<String> values) {
        if (!values.isEmpty()) {
            List<FieldValue> fv = values.stream().map(FieldValue::of).toList();
            b.filter(f -> f.terms(t -> t.field(field).terms(v -> v.value(fv))));
        }
    }
}
