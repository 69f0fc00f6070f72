package io.earshot.plugins.x;

import com.fasterxml.jackson.databind.JsonNode;
import io.earshot.api.Checkpoint;
import io.earshot.api.CredentialsRejectedException;
import io.earshot.api.FatalSourceException;
import io.earshot.api.HealthReporter;
import io.earshot.api.Mention;
import io.earshot.api.PollResult;
import io.earshot.api.QuotaExceededException;
import io.earshot.api.RetriableException;
import io.earshot.api.SourceException;
import io.earshot.api.SourceRecord;
import io.earshot.api.SourceTask;
import io.earshot.api.SourceTaskContext;
import io.earshot.api.Urls;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one X source: each query is a partition ({@link QueryPosition}); a poll reads one page
 * (up to 100 posts) of each query, starting with a different query each time so that none starves
 * when the rate limit or the budget cuts a poll short, and says {@link PollResult#hasMore()} while
 * a query has more pages.
 *
 * <h2>Cost and rate limits</h2>
 * Every post read counts against the daily budget ({@link ReadBudget}); a page never asks for more
 * posts than the budget has left, and when it is spent the poll throws
 * {@link QuotaExceededException} until midnight UTC. When X's {@code x-rate-limit-remaining} reaches
 * zero, no request is made before {@code x-rate-limit-reset}; a 429 is thrown as
 * {@link RetriableException} with the time X gave.
 *
 * <h2>Errors</h2>
 * A query X refuses is reported for that query alone. Trouble of the whole source (token, plan,
 * usage cap, outages) is thrown — after the mentions already read in the poll have been returned.
 */
final class XSourceTask implements SourceTask {

    static final String QUOTA_STATUS = "quota";
    static final String RATE_STATUS = "rate limit";
    /** How far back X's recent search reaches. */
    static final Duration RECENT_REACH = Duration.ofDays(7);
    /** Kept from the edge of that reach, so that a request is not refused for being a moment too old. */
    static final Duration REACH_MARGIN = Duration.ofMinutes(2);
    /** How far back a run that found nothing makes the next one look, for posts X indexed late. */
    static final Duration INDEX_LAG = Duration.ofMinutes(1);
    static final Duration RETRY_REFUSED = Duration.ofHours(1);

    static final String EXPANSIONS = "author_id,referenced_tweets.id,geo.place_id";
    static final String TWEET_FIELDS = "created_at,lang,public_metrics,conversation_id,referenced_tweets,entities,geo,"
            + "author_id,in_reply_to_user_id,note_tweet,edit_history_tweet_ids,possibly_sensitive,withheld";
    static final String USER_FIELDS = "public_metrics,verified,username,name";
    static final String PLACE_FIELDS = "country_code,full_name";

    private static final Logger LOG = LoggerFactory.getLogger(XSourceTask.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final int MAX_EDITS_REMEMBERED = 10_000;

    private SourceTaskContext context;
    private Clock clock;
    private XSettings settings;
    private XApi api;
    private ReadBudget budget;
    private final List<QueryState> queries = new ArrayList<>();
    /** The latest version collected of each edited post (original id → version id), so an older one never wins. */
    private final Map<String, String> latestVersions = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > MAX_EDITS_REMEMBERED;
        }
    };
    private int rotation;
    /** Trouble of the whole source met after mentions were read: thrown by the next poll. */
    private SourceException deferred;
    private volatile boolean stopped;

    /** One query. Touched by the task thread only. */
    private static final class QueryState {
        final String query;
        final String partition;
        QueryPosition position;
        Instant notBefore = Instant.MIN;

        QueryState(String query, String partition, QueryPosition position) {
            this.query = query;
            this.partition = partition;
            this.position = position;
        }
    }

    @Override
    public void start(SourceTaskContext context) {
        this.context = context;
        this.clock = context.clock();
        this.settings = XSettings.from(context.config());
        this.api = new XApi(context.http(), settings.apiBaseUrl(), settings.bearerToken(), clock);
        this.budget = ReadBudget.restore(committed(ReadBudget.PARTITION), clock, settings.maxPostsPerDay());
        for (String q : settings.queries()) {
            String partition = partition(q);
            queries.add(new QueryState(q, partition, QueryPosition.decode(committed(partition))));
        }
        context.health().status(QUOTA_STATUS, budget.status());
    }

    /** "query:<query>", shortened with a hash when the query is too long for a partition name. */
    static String partition(String query) {
        String p = "query:" + query;
        if (p.length() <= Checkpoint.MAX_PARTITION_LENGTH) {
            return p;
        }
        return "query:" + query.substring(0, 400) + "…#" + Urls.hash(query);
    }

    @Override
    public PollResult poll() throws InterruptedException {
        if (stopped) {
            return PollResult.empty();
        }
        if (deferred != null) {
            SourceException e = deferred;
            deferred = null;
            throw e;
        }
        if (api.blockedUntil() != null) {
            showStatus();
            return PollResult.empty();
        }
        if (budget.nextPageSize() == 0) {
            showStatus();
            throw new QuotaExceededException("daily read budget reached: " + ReadBudget.number(budget.read()) + " of "
                    + ReadBudget.number(budget.perDay()) + " posts read today (X bills every post read); collecting "
                    + "resumes at 00:00 UTC", budget.untilReset());
        }
        List<SourceRecord> records = new ArrayList<>();
        boolean cut = false;
        int n = queries.size();
        for (int i = 0; i < n && !stopped; i++) {
            QueryState q = queries.get((rotation + i) % n);
            if (q.notBefore.isAfter(clock.instant())) {
                continue;
            }
            if (api.blockedUntil() != null || budget.nextPageSize() == 0) {
                cut = true;
                break;
            }
            try {
                page(q, records);
            } catch (XApiException e) {
                if (e.kind() == XApiException.Kind.BAD_QUERY) {
                    q.notBefore = clock.instant().plus(RETRY_REFUSED);
                    context.health().partitionFailed(q.partition, "X refused the query: " + e.getMessage());
                    continue;
                }
                deferred = sourceFailure(e);
                break;
            }
        }
        rotation = n == 0 ? 0 : (rotation + 1) % n;
        showStatus();
        List<SourceRecord> result = new ArrayList<>(records.size() + 1);
        Checkpoint count = budget.takeCheckpoint();
        if (count != null) {
            // first, so that the day's count is committed even before the mentions are stored
            result.add(SourceRecord.checkpointOnly(count));
        }
        result.addAll(records);
        if (deferred != null) {
            if (records.isEmpty()) {
                SourceException e = deferred;
                deferred = null;
                throw e;
            }
            return PollResult.more(result);
        }
        Instant now = clock.instant();
        boolean more = !stopped && !cut && api.blockedUntil() == null && budget.nextPageSize() > 0
                && queries.stream().anyMatch(q -> q.position.run() != null && !q.notBefore.isAfter(now));
        return more ? PollResult.more(result) : PollResult.done(result);
    }

    @Override
    public void stop() {
        stopped = true;
    }

    /** Reads the next page of a query's run (starting a run if none is under way). */
    private void page(QueryState q, List<SourceRecord> records) throws XApiException, InterruptedException {
        Instant now = clock.instant();
        QueryPosition p = q.position;
        QueryPosition.Run run = p.run() != null ? p.run() : newRun(p, now);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("query", q.query);
        params.put("max_results", Integer.toString(budget.nextPageSize()));
        params.put("sort_order", "recency");
        params.put("since_id", run.sinceId());
        params.put("start_time", run.startTime() == null ? null : run.startTime().truncatedTo(ChronoUnit.SECONDS).toString());
        params.put("next_token", run.next());
        params.put("expansions", EXPANSIONS);
        params.put("tweet.fields", TWEET_FIELDS);
        params.put("user.fields", USER_FIELDS);
        params.put("place.fields", PLACE_FIELDS);
        JsonNode page;
        try {
            page = api.search(params);
        } catch (XApiException e) {
            if (e.kind() == XApiException.Kind.BAD_SINCE_ID && run.sinceId() != null) {
                // since_id is older than the 7 days recent search reaches: read all it still reaches instead
                LOG.info("Source {}: X refused since_id for '{}' ({}); reading the last 7 days instead",
                        context.sourceId(), q.query, e.getMessage());
                q.position = p.withRun(new QueryPosition.Run(now, null, earliest(now), null, null));
                return;
            }
            if (e.kind() == XApiException.Kind.BAD_NEXT_TOKEN && run.next() != null) {
                q.position = p.withRun(new QueryPosition.Run(run.at(), run.sinceId(), run.startTime(), null,
                        run.newest()));
                return;
            }
            throw e;
        }
        budget.count(page.path("data").size() + page.path("includes").path("tweets").size());
        List<Mention> mentions = new ArrayList<>();
        String newest = run.newest();
        for (PostMapper.Post post : PostMapper.map(page, q.query)) {
            newest = PostIds.max(newest, post.version());
            if (isOutdated(post)) {
                continue;
            }
            mentions.add(post.mention());
        }
        JsonNode meta = page.path("meta");
        newest = PostIds.max(newest, PostIds.isId(PostMapper.text(meta, "newest_id")) ? meta.get("newest_id").asText()
                : null);
        String next = PostMapper.text(meta, "next_token");
        QueryPosition.Run progressed = new QueryPosition.Run(run.at(), run.sinceId(), run.startTime(), next, newest);
        q.position = next != null ? p.withRun(progressed) : p.finished(progressed, run.at().minus(INDEX_LAG));
        Checkpoint checkpoint = q.position.checkpoint(q.partition);
        if (mentions.isEmpty()) {
            records.add(SourceRecord.checkpointOnly(checkpoint));
        } else {
            for (int i = 0; i < mentions.size(); i++) {
                records.add(new SourceRecord(mentions.get(i), i == mentions.size() - 1 ? checkpoint : null));
            }
        }
        context.health().partitionRecovered(q.partition);
    }

    /** A new run: from the newest post collected, or from the look back; never beyond X's 7 days. */
    private QueryPosition.Run newRun(QueryPosition p, Instant now) {
        Instant earliest = earliest(now);
        if (p.since() != null) {
            Instant created = PostIds.createdAt(p.since());
            if (created == null || !created.isBefore(earliest)) {
                return new QueryPosition.Run(now, p.since(), null, null, null);
            }
            return new QueryPosition.Run(now, null, earliest, null, null);
        }
        Instant start = p.from() != null ? p.from() : now.minus(settings.initialLookback());
        return new QueryPosition.Run(now, null, start.isBefore(earliest) ? earliest : start, null, null);
    }

    private static Instant earliest(Instant now) {
        return now.minus(RECENT_REACH).plus(REACH_MARGIN);
    }

    /** Whether a newer version of this edited post was collected already. */
    private boolean isOutdated(PostMapper.Post post) {
        if (!post.edited() && !latestVersions.containsKey(post.original())) {
            return false;
        }
        String known = latestVersions.get(post.original());
        if (known != null && PostIds.compare(known, post.version()) > 0) {
            return true;
        }
        latestVersions.put(post.original(), post.version());
        return false;
    }

    private SourceException sourceFailure(XApiException e) {
        return switch (e.kind()) {
            case CREDENTIALS -> new CredentialsRejectedException("X", e.getMessage());
            case NOT_ENROLLED -> new FatalSourceException("X refuses this app the recent search (" + e.getMessage()
                    + "); the app's keys must belong to a Project whose plan includes the recent search: check it "
                    + "in the X developer portal");
            case USAGE_CAP -> new QuotaExceededException("X's usage cap for this app is reached (" + e.getMessage()
                    + "); X serves no more posts until the cap resets or the plan is raised; trying again at "
                    + "00:00 UTC", budget.untilReset());
            case RATE_LIMITED -> new RetriableException("rate limited by X (HTTP 429); next request after "
                    + TIME.format(clock.instant().plus(e.retryAfter())), e.retryAfter(), null);
            default -> new RetriableException(e.getMessage() + "; trying again later", e.retryAfter(), null);
        };
    }

    private void showStatus() {
        HealthReporter health = context.health();
        boolean spent = budget.nextPageSize() == 0;
        health.status(QUOTA_STATUS, budget.status() + (spent ? "; the budget is spent, reading resumes then" : ""));
        Instant blocked = api.blockedUntil();
        health.status(RATE_STATUS, blocked == null ? null : "X's rate limit is used up"
                + (api.rateLimit() == null ? "" : " (" + api.rateLimit() + " requests per window)")
                + "; next request after " + TIME.format(blocked));
    }

    private String committed(String partition) {
        return context.checkpoint(partition).map(Checkpoint::position).orElse(null);
    }
}
