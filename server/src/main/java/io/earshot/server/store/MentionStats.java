package io.earshot.server.store;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.DateHistogramBucket;
import co.elastic.clients.elasticsearch._types.aggregations.SignificantStringTermsBucket;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.util.NamedValue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Analytics over a workspace's mentions, answered by Elasticsearch aggregations: volume over time,
 * sentiment, share of voice, trending terms, top authors, domains, languages, sources. Every query
 * goes through a {@link MentionFilter} (which applies the workspace). Asynchronous; never blocks.
 */
public final class MentionStats {

    /** How volume can be split. */
    public enum Split {
        NONE(null), TOPIC("topics"), SOURCE("sourceId"), SENTIMENT("sentiment.label"), PLATFORM("platform"),
        LANG("lang");

        final String field;

        Split(String field) {
            this.field = field;
        }
    }

    /** Ranking of authors. */
    public enum AuthorRank { MENTIONS, REACH, ENGAGEMENT, INFLUENCE }

    private static final List<Duration> INTERVALS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(3), Duration.ofHours(6),
            Duration.ofHours(12), Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(30));
    private static final int MAX_BUCKETS = 200;

    private final ElasticsearchAsyncClient client;
    private final IndexNames names;
    private final Clock clock;

    public MentionStats(ElasticsearchAsyncClient client, IndexNames names, Clock clock) {
        this.client = client;
        this.names = names;
        this.clock = clock;
    }

    // ---- results ----

    /** A value and how many mentions have it; {@code metric} is the ranking value when not the count. */
    public record Count(String key, long count, Double metric) {
    }

    /** One time bucket. */
    public record Bucket(Instant time, long count, Map<String, Long> split) {
    }

    /** Mentions over time. */
    public record Volume(Instant from, Instant to, String interval, long total, String splitBy, List<Bucket> buckets) {
    }

    /** Sentiment totals and over time. */
    public record SentimentReport(Instant from, Instant to, String interval, long total, long positive, long neutral,
                                  long negative, long unknown, Double netSentiment, List<Bucket> buckets) {
    }

    /** Each topic's share of the mentions that match any of the topics. */
    public record Share(String topic, long count, double share) {
    }

    /** Topics against each other. */
    public record ShareOfVoice(Instant from, Instant to, long total, List<Share> topics) {
    }

    /**
     * A term or hashtag more frequent in the window than in the baseline.
     *
     * @param term          the term
     * @param count         mentions with it in the window
     * @param baselineCount mentions with it in the baseline (all windows together)
     * @param score         significance (higher is more unusual)
     * @param isNew         absent from the baseline
     */
    public record TrendingTerm(String term, long count, long baselineCount, double score, boolean isNew) {
    }

    /** Trending terms and hashtags of a window against the windows before it. */
    public record Trending(Instant windowFrom, Instant windowTo, Instant baselineFrom, long windowTotal,
                           long baselineTotal, List<TrendingTerm> hashtags, List<TrendingTerm> terms) {
    }

    /** A ranked list. */
    public record Ranking(Instant from, Instant to, long total, String by, List<Count> items) {
    }

    // ---- queries ----

    /** Mentions per time bucket; the interval is chosen from the range (at most 200 buckets). */
    public CompletableFuture<Volume> volume(MentionFilter filter, Split split, int splitSize) {
        Instant to = filter.to() != null ? filter.to() : clock.instant();
        Instant from = filter.from() != null ? filter.from() : to.minus(Duration.ofDays(7));
        MentionFilter f = filter.between(from, to);
        Duration interval = interval(from, to);
        Map<String, Aggregation> sub = new LinkedHashMap<>();
        if (split != Split.NONE) {
            sub.put("split", Aggregation.of(a -> a.terms(t -> t.field(split.field).size(splitSize))));
        }
        SearchRequest request = SearchRequest.of(s -> s.index(names.mentionsAlias()).size(0).trackTotalHits(t -> t.enabled(true))
                .query(f.toQuery())
                .aggregations("over_time", histogram(from, to, interval, sub)));
        return search(request).thenApply(r -> new Volume(from, to, format(interval), total(r), split.name().toLowerCase(java.util.Locale.ROOT),
                buckets(r.aggregations().get("over_time"), split != Split.NONE)));
    }

    /** Sentiment totals, net sentiment and sentiment over time. */
    public CompletableFuture<SentimentReport> sentiment(MentionFilter filter) {
        Instant to = filter.to() != null ? filter.to() : clock.instant();
        Instant from = filter.from() != null ? filter.from() : to.minus(Duration.ofDays(7));
        MentionFilter f = filter.between(from, to);
        Duration interval = interval(from, to);
        Aggregation labels = Aggregation.of(a -> a.terms(t -> t.field("sentiment.label").size(3)));
        SearchRequest request = SearchRequest.of(s -> s.index(names.mentionsAlias()).size(0).trackTotalHits(t -> t.enabled(true))
                .query(f.toQuery())
                .aggregations("labels", labels)
                .aggregations("over_time", histogram(from, to, interval, Map.of("split", labels))));
        return search(request).thenApply(r -> {
            Map<String, Long> totals = new LinkedHashMap<>();
            for (StringTermsBucket b : r.aggregations().get("labels").sterms().buckets().array()) {
                totals.put(b.key().stringValue(), b.docCount());
            }
            long total = total(r);
            long pos = totals.getOrDefault("positive", 0L);
            long neu = totals.getOrDefault("neutral", 0L);
            long neg = totals.getOrDefault("negative", 0L);
            Double net = pos + neg == 0 ? null : Math.round((pos - neg) * 1000.0 / (pos + neg)) / 1000.0;
            return new SentimentReport(from, to, format(interval), total, pos, neu, neg, total - pos - neu - neg, net,
                    buckets(r.aggregations().get("over_time"), true));
        });
    }

    /** Each topic's mentions and share; {@code topics} empty means every topic seen. */
    public CompletableFuture<ShareOfVoice> shareOfVoice(MentionFilter filter, List<String> topics) {
        Instant to = filter.to() != null ? filter.to() : clock.instant();
        Instant from = filter.from() != null ? filter.from() : to.minus(Duration.ofDays(30));
        MentionFilter f = new MentionFilter(filter.workspace(), filter.text(), from, to, filter.sources(),
                filter.platforms(), filter.langs(), filter.authors(), topics.isEmpty() ? List.of() : topics, filter.duplicates());
        Query query = topics.isEmpty()
                ? Query.of(q -> q.bool(b -> b.filter(f.toQuery()).filter(e -> e.exists(x -> x.field("topics")))))
                : f.toQuery();
        SearchRequest request = SearchRequest.of(s -> s.index(names.mentionsAlias()).size(0).trackTotalHits(t -> t.enabled(true))
                .query(query)
                .aggregations("topics", a -> a.terms(t -> {
                    t.field("topics").size(topics.isEmpty() ? 20 : topics.size());
                    if (!topics.isEmpty()) {
                        t.include(i -> i.terms(topics));
                    }
                    return t;
                })));
        return search(request).thenApply(r -> {
            List<Share> shares = new ArrayList<>();
            long sum = 0;
            List<StringTermsBucket> buckets = r.aggregations().get("topics").sterms().buckets().array();
            for (StringTermsBucket b : buckets) {
                sum += b.docCount();
            }
            for (StringTermsBucket b : buckets) {
                shares.add(new Share(b.key().stringValue(), b.docCount(), sum == 0 ? 0 : Math.round(b.docCount() * 10000.0 / sum) / 10000.0));
            }
            for (String t : topics) {
                if (shares.stream().noneMatch(s -> s.topic().equals(t))) {
                    shares.add(new Share(t, 0, 0));
                }
            }
            return new ShareOfVoice(from, to, total(r), shares);
        });
    }

    /**
     * Terms and hashtags of the window {@code [to - window, to)} that are unusually frequent
     * against the baseline {@code [to - window - baseline, to - window)}.
     */
    public CompletableFuture<Trending> trending(MentionFilter filter, Duration window, Duration baseline, int size) {
        Instant to = filter.to() != null ? filter.to() : clock.instant();
        Instant windowFrom = to.minus(window);
        Instant baselineFrom = windowFrom.minus(baseline);
        MentionFilter all = filter.between(baselineFrom, to);
        // Reposts and syndicated copies (duplicateOf, set by the dedup stage) would make their words look
        // significant; leaving them out is also much cheaper than significant_text's duplicate filtering.
        Query windowQuery = Query.of(q -> q.bool(b -> b
                .filter(f -> f.range(r -> r.date(d -> d.field("publishedAt").gte(windowFrom.toString()).lt(to.toString()))))
                .mustNot(n -> n.exists(e -> e.field("duplicateOf")))));
        Query baselineQuery = Query.of(q -> q.bool(b -> b.filter(filter.between(baselineFrom, windowFrom).toQuery())));
        Query backgroundQuery = Query.of(q -> q.bool(b -> b.filter(all.toQuery())));
        SearchRequest request = SearchRequest.of(s -> s.index(names.mentionsAlias()).size(0)
                .query(all.toQuery())
                .aggregations("baseline", a -> a.filter(baselineQuery))
                .aggregations("window_all", a -> a.filter(f -> f.range(r -> r.date(d -> d.field("publishedAt")
                        .gte(windowFrom.toString()).lt(to.toString())))))
                .aggregations("window", a -> a.filter(windowQuery)
                        .aggregations("hashtags", h -> h.significantTerms(t -> t.field("hashtags").size(size).minDocCount(2L)
                                .backgroundFilter(backgroundQuery)))
                        .aggregations("sample", sm -> sm.sampler(x -> x.shardSize(2000))
                                .aggregations("terms", t -> t.significantText(x -> x.field("text").size(size).minDocCount(3L)
                                        .backgroundFilter(backgroundQuery))))));
        return search(request).thenApply(r -> {
            long windowTotal = r.aggregations().get("window_all").filter().docCount();
            long baselineTotal = r.aggregations().get("baseline").filter().docCount();
            Aggregate windowAgg = r.aggregations().get("window");
            List<TrendingTerm> hashtags = significant(windowAgg.filter().aggregations().get("hashtags").sigsterms().buckets().array());
            List<TrendingTerm> terms = significant(windowAgg.filter().aggregations().get("sample").sampler().aggregations()
                    .get("terms").sigsterms().buckets().array());
            return new Trending(windowFrom, to, baselineFrom, windowTotal, baselineTotal, hashtags, terms);
        });
    }

    private static List<TrendingTerm> significant(List<SignificantStringTermsBucket> buckets) {
        List<TrendingTerm> out = new ArrayList<>();
        for (SignificantStringTermsBucket b : buckets) {
            long baseline = Math.max(0, b.bgCount() - b.docCount());
            out.add(new TrendingTerm(b.key(), b.docCount(), baseline, Math.round(b.score() * 1000) / 1000.0, baseline == 0));
        }
        return out;
    }

    /**
     * Authors ranked by mentions, total reach, total interactions (likes + shares + comments) or
     * highest influence. Interactions are summed per author by Elasticsearch and ranked here (the
     * embedded cluster has no scripting), over the top candidates by likes.
     */
    public CompletableFuture<Ranking> topAuthors(MentionFilter filter, AuthorRank by, int size) {
        Instant to = filter.to() != null ? filter.to() : clock.instant();
        Instant from = filter.from() != null ? filter.from() : to.minus(Duration.ofDays(7));
        MentionFilter f = filter.between(from, to);
        int candidates = by == AuthorRank.ENGAGEMENT ? Math.max(size * 5, 50) : size;
        SearchRequest request = SearchRequest.of(s -> s.index(names.mentionsAlias()).size(0).trackTotalHits(t -> t.enabled(true))
                .query(f.toQuery())
                .aggregations("authors", a -> a.terms(t -> {
                            t.field("author.handle").size(candidates).shardSize(Math.max(candidates * 3, 100));
                            switch (by) {
                                case REACH -> t.order(NamedValue.of("reach", SortOrder.Desc));
                                case ENGAGEMENT -> t.order(NamedValue.of("likes", SortOrder.Desc));
                                case INFLUENCE -> t.order(NamedValue.of("influence", SortOrder.Desc));
                                default -> { }
                            }
                            return t;
                        })
                        .aggregations("reach", m -> m.sum(x -> x.field("reach")))
                        .aggregations("influence", m -> m.max(x -> x.field("influence")))
                        .aggregations("likes", m -> m.sum(x -> x.field("engagement.likes")))
                        .aggregations("shares", m -> m.sum(x -> x.field("engagement.shares")))
                        .aggregations("comments", m -> m.sum(x -> x.field("engagement.comments")))));
        return search(request).thenApply(r -> {
            List<Count> items = new ArrayList<>();
            for (StringTermsBucket b : r.aggregations().get("authors").sterms().buckets().array()) {
                Double metric = switch (by) {
                    case MENTIONS -> null;
                    case REACH -> b.aggregations().get("reach").sum().value();
                    case INFLUENCE -> finite(b.aggregations().get("influence").max().value());
                    case ENGAGEMENT -> b.aggregations().get("likes").sum().value() + b.aggregations().get("shares").sum().value()
                            + b.aggregations().get("comments").sum().value();
                };
                items.add(new Count(b.key().stringValue(), b.docCount(), metric));
            }
            if (by == AuthorRank.ENGAGEMENT) {
                items.sort((a, b) -> Double.compare(b.metric(), a.metric()));
                items = List.copyOf(items.subList(0, Math.min(size, items.size())));
            }
            return new Ranking(from, to, total(r), by.name().toLowerCase(java.util.Locale.ROOT), items);
        });
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** Counts of one keyword field (domains, languages, sources, platforms). */
    public CompletableFuture<Ranking> top(MentionFilter filter, String field, String by, int size) {
        Instant to = filter.to() != null ? filter.to() : clock.instant();
        Instant from = filter.from() != null ? filter.from() : to.minus(Duration.ofDays(7));
        MentionFilter f = filter.between(from, to);
        SearchRequest request = SearchRequest.of(s -> s.index(names.mentionsAlias()).size(0).trackTotalHits(t -> t.enabled(true))
                .query(f.toQuery())
                .aggregations("top", a -> a.terms(t -> t.field(field).size(size))));
        return search(request).thenApply(r -> new Ranking(from, to, total(r), by,
                r.aggregations().get("top").sterms().buckets().array().stream()
                        .map(b -> new Count(b.key().stringValue(), b.docCount(), null)).toList()));
    }

    // ---- helpers ----

    private CompletableFuture<SearchResponse<Void>> search(SearchRequest request) {
        return client.search(request, Void.class);
    }

    private static Aggregation histogram(Instant from, Instant to, Duration interval, Map<String, Aggregation> sub) {
        return Aggregation.of(a -> a.dateHistogram(h -> h.field("publishedAt")
                        .fixedInterval(t -> t.time(format(interval)))
                        .minDocCount(0)
                        .extendedBounds(b -> b.min(co.elastic.clients.elasticsearch._types.aggregations.FieldDateMath.of(
                                m -> m.value((double) from.toEpochMilli())))
                                .max(co.elastic.clients.elasticsearch._types.aggregations.FieldDateMath.of(
                                        m -> m.value((double) (to.toEpochMilli() - 1))))))
                .aggregations(sub));
    }

    private static List<Bucket> buckets(Aggregate histogram, boolean split) {
        List<Bucket> out = new ArrayList<>();
        for (DateHistogramBucket b : histogram.dateHistogram().buckets().array()) {
            Map<String, Long> parts = null;
            if (split) {
                parts = new LinkedHashMap<>();
                for (StringTermsBucket s : b.aggregations().get("split").sterms().buckets().array()) {
                    parts.put(s.key().stringValue(), s.docCount());
                }
            }
            out.add(new Bucket(Instant.ofEpochMilli(b.key()), b.docCount(), parts));
        }
        return out;
    }

    private static long total(SearchResponse<Void> r) {
        return r.hits().total() == null ? 0 : r.hits().total().value();
    }

    /** The smallest interval giving at most 200 buckets over the range. */
    static Duration interval(Instant from, Instant to) {
        Duration range = Duration.between(from, to);
        for (Duration d : INTERVALS) {
            if (range.toMillis() / d.toMillis() <= MAX_BUCKETS) {
                return d;
            }
        }
        return INTERVALS.getLast();
    }

    static String format(Duration d) {
        if (d.toDays() > 0 && d.toHours() % 24 == 0) {
            return d.toDays() + "d";
        }
        if (d.toHours() > 0 && d.toMinutes() % 60 == 0) {
            return d.toHours() + "h";
        }
        return d.toMinutes() + "m";
    }
}
