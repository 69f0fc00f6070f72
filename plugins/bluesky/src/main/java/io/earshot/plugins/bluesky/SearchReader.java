package io.earshot.plugins.bluesky;

import com.fasterxml.jackson.databind.JsonNode;
import io.earshot.api.Checkpoint;
import io.earshot.api.CredentialsRejectedException;
import io.earshot.api.Engagement;
import io.earshot.api.HealthReporter;
import io.earshot.api.Mention;
import io.earshot.api.RetriableException;
import io.earshot.api.SourceRecord;
import io.earshot.api.SourceTaskContext;
import io.earshot.api.Urls;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code app.bsky.feed.searchPosts} for every query (one per keyword and hashtag), each a
 * partition {@code search <query>} with its own {@link SearchPosition}.
 *
 * <p>Search answers newest first, 100 posts a page, with a cursor to older pages. A <em>sweep</em>
 * pages back from now (or from {@code until}) to {@code since}; each page's records carry the
 * sweep's cursor, so a restart resumes the sweep where the stored posts end. In continuous mode
 * (search mode) every scheduled poll starts a sweep back to the newest post of the previous one,
 * minus {@link #OVERLAP} for posts indexed late; the posts of the overlap seen before are skipped.
 * In Jetstream mode sweeps are only planned for a window: the first start's backfill, or a gap that
 * Jetstream could not replay.
 *
 * <p>An expired session is refreshed and the page asked again; a refused account fails the source;
 * 429 makes every query wait until the rate limit resets, a server error only the query concerned.
 * Requests are paced. Used by the task thread only.
 */
final class SearchReader {

    static final String PARTITION_PREFIX = "search ";
    /** Posts indexed late may appear this far behind the newest one already seen. */
    static final Duration OVERLAP = Duration.ofMinutes(5);
    static final int PAGE_SIZE = 100;
    static final int MAX_PAGES_PER_POLL = 10;
    static final Duration SERVER_ERROR_WAIT = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(SearchReader.class);

    private final SourceTaskContext context;
    private final Xrpc xrpc;
    private final Session session;
    private final URI service;
    private final Matcher matcher;
    private final Profiles profiles;
    private final Pacer pacer;
    private final Map<String, QueryState> queries = new LinkedHashMap<>();
    /** The one language asked of search (it takes one), or null: then posts are filtered here. */
    private final String lang;
    private boolean paced;

    /** What the reader knows of one query. */
    private static final class QueryState {
        final String query;
        Instant since;
        SearchPosition.Sweep sweep;
        final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();
        SearchPosition sealed;
        int lastRecord = -1;
        Instant waitUntil;
        boolean cursorRetried;

        QueryState(String query, SearchPosition position) {
            this.query = query;
            this.since = position.since();
            this.sweep = position.sweep();
            this.seen.putAll(position.seen());
            this.sealed = position;
        }

        String partition() {
            return PARTITION_PREFIX + query;
        }

        SearchPosition position() {
            return new SearchPosition(since, sweep, seen);
        }
    }

    SearchReader(SourceTaskContext context, Xrpc xrpc, Session session, URI service, Matcher matcher,
                 Profiles profiles, Pacer pacer) {
        this.context = context;
        this.xrpc = xrpc;
        this.session = session;
        this.service = service;
        this.matcher = matcher;
        this.profiles = profiles;
        this.pacer = pacer;
        this.lang = matcher.languages().size() == 1 ? matcher.languages().iterator().next() : null;
        for (String q : matcher.queries()) {
            String partition = PARTITION_PREFIX + q;
            SearchPosition p = context.checkpoint(partition).map(Checkpoint::position).map(SearchPosition::decode)
                    .orElse(null);
            QueryState s = new QueryState(q, p == null ? SearchPosition.START : p);
            if (p == null) {
                s.sealed = null;
            }
            queries.put(q, s);
        }
    }

    /** Whether any query has a checkpoint yet (else this is the first start). */
    boolean started() {
        return queries.values().stream().anyMatch(s -> s.sealed != null);
    }

    /**
     * Search mode, on a scheduled poll: starts a sweep for every query that has none, back to the
     * newest post of its previous sweep (minus the overlap), or {@code backfill} back the first time.
     */
    void planContinuous(Instant now, Duration backfill) {
        for (QueryState s : queries.values()) {
            if (s.sweep != null) {
                continue;
            }
            if (s.since == null) {
                if (backfill.isZero()) {
                    s.since = now.truncatedTo(ChronoUnit.SECONDS);
                    continue;
                }
                s.sweep = new SearchPosition.Sweep(now.minus(backfill), null, null, null);
            } else {
                s.sweep = new SearchPosition.Sweep(s.since.minus(OVERLAP), null, null, null);
            }
        }
    }

    /** Plans a sweep of every query over a window (a backfill or a gap); merged with one under way. */
    void planWindow(Instant from, Instant to) {
        for (QueryState s : queries.values()) {
            if (s.sweep == null) {
                s.sweep = new SearchPosition.Sweep(from, to, null, null);
            } else {
                Instant f = from.isBefore(s.sweep.from()) ? from : s.sweep.from();
                Instant t = s.sweep.to() == null || to == null ? null : to.isAfter(s.sweep.to()) ? to : s.sweep.to();
                s.sweep = new SearchPosition.Sweep(f, t, null, null);
            }
            LOG.info("Source {}: searching Bluesky for {} between {} and {}", context.sourceId(), s.query, from, to);
        }
    }

    /** Whether a sweep is under way (more pages to read). */
    boolean hasBacklog() {
        Instant now = context.clock().instant();
        return queries.values().stream().anyMatch(s -> s.sweep != null && (s.waitUntil == null || !s.waitUntil.isAfter(now)));
    }

    /** Whether the last {@link #read} stopped to pace its requests. */
    boolean paced() {
        return paced;
    }

    /**
     * Reads pages of the sweeps under way, within the budget of mentions.
     *
     * @throws CredentialsRejectedException when Bluesky refuses the account
     * @throws RetriableException           when signing in is not possible now and nothing was read yet
     */
    void read(List<SourceRecord> records, int budget) throws InterruptedException {
        paced = false;
        for (QueryState s : queries.values()) {
            for (int page = 0; page < MAX_PAGES_PER_POLL && s.sweep != null; page++) {
                if (mentions(records) >= budget || waiting(s)) {
                    break;
                }
                if (!pacer.tryAcquire()) {
                    paced = true;
                    return;
                }
                if (!readPage(s, records)) {
                    break;
                }
            }
        }
    }

    /** Reads one page; false when this query should not go on in this poll. */
    private boolean readPage(QueryState s, List<SourceRecord> records) throws InterruptedException {
        HealthReporter health = context.health();
        SearchPosition.Sweep sweep = s.sweep;
        List<Map.Entry<String, String>> params = new ArrayList<>();
        params.add(param("q", s.query));
        params.add(param("sort", "latest"));
        params.add(param("limit", Integer.toString(PAGE_SIZE)));
        params.add(param("since", sweep.from().truncatedTo(ChronoUnit.MILLIS).toString()));
        if (sweep.to() != null) {
            params.add(param("until", sweep.to().truncatedTo(ChronoUnit.MILLIS).toString()));
        }
        if (lang != null) {
            params.add(param("lang", lang));
        }
        if (sweep.cursor() != null) {
            params.add(param("cursor", sweep.cursor()));
        }
        Xrpc.Result r = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            String token = token(records);
            if (token == null) {
                return false;
            }
            r = xrpc.get(service, "app.bsky.feed.searchPosts", params, token);
            if (r instanceof Xrpc.Error e && e.isTokenProblem() && attempt == 0) {
                session.expired();
                continue;
            }
            break;
        }
        Instant now = context.clock().instant();
        switch (r) {
            case Xrpc.Ok ok -> {
                health.partitionRecovered(s.partition());
                s.waitUntil = null;
                s.cursorRetried = false;
                take(s, ok.body(), records);
                return true;
            }
            case Xrpc.Error e when e.isTokenProblem() -> throw new CredentialsRejectedException(
                    BlueskySource.PLATFORM_NAME, "the session was refused for search (" + e.describe() + ")");
            case Xrpc.Error e when e.status() == 429 -> {
                for (QueryState q : queries.values()) {
                    q.waitUntil = e.retryAt();
                    health.partitionWaiting(q.partition(), e.retryAt(), "rate limited by Bluesky (HTTP 429); searching "
                            + "again at " + Xrpc.format(e.retryAt()));
                }
                return false;
            }
            case Xrpc.Error e when e.status() >= 500 -> {
                s.waitUntil = e.retryAt();
                health.partitionWaiting(s.partition(), e.retryAt(), "Bluesky's search failed (" + e.describe()
                        + "); trying again at " + Xrpc.format(e.retryAt()));
                return false;
            }
            case Xrpc.Error e when e.status() == 400 && sweep.cursor() != null && !s.cursorRetried -> {
                // a cursor too old to be accepted: read the sweep again from the newest page
                s.cursorRetried = true;
                s.sweep = new SearchPosition.Sweep(sweep.from(), sweep.to(), null, null);
                LOG.info("Source {}: Bluesky refused the search cursor for {} ({}); starting over", context.sourceId(),
                        s.query, e.describe());
                return true;
            }
            case Xrpc.Error e -> {
                health.partitionFailed(s.partition(), "Bluesky refused the search for " + s.query + " (" + e.describe() + ")");
                s.waitUntil = now.plus(SERVER_ERROR_WAIT);
                return false;
            }
            case Xrpc.Unreachable u -> {
                s.waitUntil = now.plus(SERVER_ERROR_WAIT);
                health.partitionWaiting(s.partition(), s.waitUntil, u.message() + "; trying again at "
                        + Xrpc.format(s.waitUntil));
                return false;
            }
        }
    }

    /** A session token; null (with every query waiting) when signing in must wait and records are in hand. */
    private String token(List<SourceRecord> records) throws InterruptedException {
        try {
            return session.accessToken();
        } catch (RetriableException e) {
            if (records.isEmpty()) {
                throw e;
            }
            pause(context.clock().instant().plus(e.retryAfter().orElse(SERVER_ERROR_WAIT)), e.getMessage());
            return null;
        }
    }

    /** Makes every query wait until {@code until}, telling the user why. */
    void pause(Instant until, String why) {
        for (QueryState q : queries.values()) {
            q.waitUntil = until;
            context.health().partitionWaiting(q.partition(), until, why);
        }
    }

    private void take(QueryState s, JsonNode body, List<SourceRecord> records) throws InterruptedException {
        SearchPosition.Sweep sweep = s.sweep;
        List<JsonNode> posts = new ArrayList<>();
        body.path("posts").forEach(posts::add);
        Set<String> authors = new LinkedHashSet<>();
        for (JsonNode post : posts) {
            Profile p = Profiles.fromView(post.path("author"));
            if (p != null) {
                profiles.learn(p);
                authors.add(p.did());
            }
        }
        Map<String, Profile> known = profiles.resolve(authors);
        Instant top = sweep.top();
        boolean older = false;
        for (JsonNode post : posts) {
            AtUri uri = AtUri.parse(PostContent.text(post, "uri"));
            JsonNode record = post.path("record");
            if (uri == null || !uri.isPost() || !record.isObject()) {
                continue;
            }
            PostContent content = PostContent.of(record);
            Instant indexedAt = PostMapper.instant(PostContent.text(post, "indexedAt"));
            Instant created = PostMapper.instant(content.createdAt());
            Instant sortAt = created == null ? indexedAt : indexedAt == null ? created
                    : created.isBefore(indexedAt) ? created : indexedAt;
            if (sortAt != null && sortAt.isBefore(sweep.from().minusSeconds(1))) {
                older = true; // before the window: the sweep is complete
                continue;
            }
            if (sortAt != null && (top == null || sortAt.isAfter(top))) {
                top = sortAt;
            }
            String key = Urls.hash(uri.did(), uri.rkey()).substring(0, 12);
            if (s.seen.containsKey(key)) {
                continue;
            }
            s.seen.put(key, sortAt == null ? 0 : sortAt.getEpochSecond());
            if (lang == null && !matcher.languageMatches(content.langs())) {
                continue;
            }
            Mention m = PostMapper.map(new PostMapper.Post(uri.did(), uri.rkey(), PostContent.text(post, "cid"), content,
                    indexedAt, known.get(uri.did()), engagement(post), count(post, "quoteCount"), "search", false));
            records.add(SourceRecord.of(m));
            s.lastRecord = records.size() - 1;
        }
        String cursor = PostContent.text(body, "cursor");
        if (cursor == null || posts.isEmpty() || older) {
            finish(s, top);
        } else {
            s.sweep = new SearchPosition.Sweep(sweep.from(), sweep.to(), top, cursor);
        }
    }

    /** The sweep reached its end: a continuous one moves {@code since} on to the newest post it saw. */
    private void finish(QueryState s, Instant top) {
        SearchPosition.Sweep sweep = s.sweep;
        s.sweep = null;
        if (sweep.to() == null) {
            Instant newest = top != null ? top : sweep.from().plus(OVERLAP);
            if (s.since == null || newest.isAfter(s.since)) {
                s.since = newest;
            }
        }
        Instant edge = (s.since != null ? s.since : sweep.from()).minus(OVERLAP).minus(OVERLAP);
        s.seen.values().removeIf(t -> t != 0 && t < edge.getEpochSecond());
    }

    private static Engagement engagement(JsonNode post) {
        return new Engagement(count(post, "likeCount"), count(post, "repostCount"), count(post, "replyCount"), null);
    }

    private static Long count(JsonNode node, String field) {
        JsonNode n = node.path(field);
        return n.canConvertToLong() && n.asLong() >= 0 ? n.asLong() : null;
    }

    private boolean waiting(QueryState s) {
        Instant now = context.clock().instant();
        Instant exhausted = xrpc.exhaustedUntil(service);
        if (exhausted != null && (s.waitUntil == null || exhausted.isAfter(s.waitUntil))) {
            s.waitUntil = exhausted;
            context.health().partitionWaiting(s.partition(), exhausted, "Bluesky's rate limit is used up; searching "
                    + "again at " + Xrpc.format(exhausted));
        }
        return s.waitUntil != null && s.waitUntil.isAfter(now);
    }

    /**
     * Attaches each query's new position to its last record of the poll (or adds a record with the
     * position only).
     */
    void seal(List<SourceRecord> records) {
        for (QueryState s : queries.values()) {
            SearchPosition position = s.position();
            if (position.equals(s.sealed)) {
                s.lastRecord = -1;
                continue;
            }
            Checkpoint checkpoint = new Checkpoint(s.partition(), position.encode());
            if (s.lastRecord >= 0) {
                records.set(s.lastRecord, SourceRecord.of(records.get(s.lastRecord).mention(), checkpoint));
            } else {
                records.add(SourceRecord.checkpointOnly(checkpoint));
            }
            s.sealed = position;
            s.lastRecord = -1;
        }
    }

    /** "3,000 of 3,000 requests left until 12:05 UTC", or null. */
    String quota() {
        return xrpc.describe(service);
    }

    private static int mentions(List<SourceRecord> records) {
        int n = 0;
        for (SourceRecord r : records) {
            if (r.mention() != null) {
                n++;
            }
        }
        return n;
    }

    private static Map.Entry<String, String> param(String name, String value) {
        return new AbstractMap.SimpleEntry<>(name, value);
    }
}
