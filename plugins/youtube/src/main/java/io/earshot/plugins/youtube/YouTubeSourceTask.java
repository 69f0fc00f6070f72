package io.earshot.plugins.youtube;

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
import io.earshot.plugins.youtube.ChannelDirectory.ChannelInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one YouTube source: searches its queries for new videos, fetches their statistics and full
 * descriptions, and reads the comments on its channels and on the videos found.
 *
 * <h2>Partitions and checkpoints</h2>
 * {@code search:<query>} ({@link QueryPosition}), {@code channel:<id or @handle>} and
 * {@code comments:<video id>} ({@link CommentPosition}), {@value TrackedVideos#PARTITION}
 * ({@link TrackedVideos}) and {@value QuotaLedger#PARTITION} ({@link QuotaLedger}). A poll reads at
 * most one page per due partition; the last mention of a page carries the partition's new
 * position, and a page that brings nothing new still moves it with a checkpoint-only record.
 *
 * <h2>Quota</h2>
 * Every call is counted before the next is made; none is made that would pass the daily quota
 * minus the reserve, and the work is paced over the day ({@link Pacing}). When nothing due can be
 * afforded, the poll throws {@link QuotaExceededException} until midnight Pacific time.
 *
 * <h2>Errors</h2>
 * Trouble of one partition (a channel that does not exist, a query YouTube refuses, a failing
 * call) is reported for that partition; a failing call also ends the poll early, so that a YouTube
 * outage costs one call per poll. Trouble of the whole source (quota, rejected key) is thrown —
 * after the mentions already read in the poll have been returned, so that nothing read is lost.
 */
final class YouTubeSourceTask implements SourceTask {

    static final String QUOTA_STATUS = "quota";
    static final String PACING_STATUS = "pacing";
    static final String BACKLOG_STATUS = "backlog";
    static final int MAX_RECORDS_PER_POLL = 2_000;
    static final int MAX_COMMENT_PAGES = 5;
    static final Duration FIRST_BACKOFF = Duration.ofMinutes(1);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(30);
    /** How long a partition YouTube refused waits before it is tried again (the user may fix it meanwhile). */
    static final Duration RETRY_REFUSED = Duration.ofHours(1);
    static final Duration DEFAULT_RATE_LIMIT_WAIT = Duration.ofMinutes(5);

    private static final Logger LOG = LoggerFactory.getLogger(YouTubeSourceTask.class);
    private static final String SEARCH_PREFIX = "search:";
    private static final String CHANNEL_PREFIX = "channel:";
    private static final String VIDEO_PREFIX = "comments:";

    private SourceTaskContext context;
    private Clock clock;
    private YouTubeSettings settings;
    private QuotaLedger ledger;
    private YouTubeApi api;
    private ChannelDirectory directory;
    private TrackedVideos tracked;
    private final Map<String, QueryState> queries = new LinkedHashMap<>();
    private final Map<String, CommentState> channels = new LinkedHashMap<>();
    private final Map<String, CommentState> videos = new LinkedHashMap<>();
    private final Map<String, String> backlog = new LinkedHashMap<>();
    /** Trouble of the whole source met after mentions were read: thrown by the next poll. */
    private SourceException deferred;
    private volatile boolean stopped;

    /** What every partition shares: its backoff after failures. Touched by the task thread only. */
    private abstract static class PartitionState {
        final String partition;
        Instant notBefore = Instant.MIN;
        Duration backoff;

        PartitionState(String partition) {
            this.partition = partition;
        }

        void succeeded() {
            notBefore = Instant.MIN;
            backoff = null;
        }

        /** Waits exponentially longer after each failure, or as long as YouTube asked. */
        Instant failed(Instant now, Duration retryAfter) {
            backoff = backoff == null ? FIRST_BACKOFF : min(backoff.multipliedBy(2), MAX_BACKOFF);
            Duration wait = retryAfter != null ? min(retryAfter, Duration.ofHours(24)) : backoff;
            notBefore = now.plus(wait);
            return notBefore;
        }
    }

    private static final class QueryState extends PartitionState {
        final String query;
        QueryPosition position;

        QueryState(String query, QueryPosition position) {
            super(SEARCH_PREFIX + query);
            this.query = query;
            this.position = position;
        }
    }

    private static final class CommentState extends PartitionState {
        /** The channel, or null for a followed video. */
        final ChannelRef channel;
        /** The video, or null for a channel. */
        final String videoId;
        CommentPosition position;

        CommentState(String partition, ChannelRef channel, String videoId, CommentPosition position) {
            super(partition);
            this.channel = channel;
            this.videoId = videoId;
            this.position = position;
        }

        String channelId() {
            return channel.id() != null ? channel.id() : position.channelId();
        }
    }

    @Override
    public void start(SourceTaskContext context) {
        this.context = context;
        this.clock = context.clock();
        this.settings = YouTubeSettings.from(context.config());
        this.ledger = QuotaLedger.restore(committed(QuotaLedger.PARTITION), clock, settings.dailyQuota(),
                settings.quotaReserve());
        this.api = new YouTubeApi(context.http(), settings.apiBaseUrl(), settings.apiKey(), ledger);
        this.directory = new ChannelDirectory(api, ledger, clock);
        this.tracked = TrackedVideos.decode(committed(TrackedVideos.PARTITION), settings.maxTrackedVideos());
        for (String q : settings.queries()) {
            String partition = SEARCH_PREFIX + q;
            queries.put(partition, new QueryState(q, QueryPosition.decode(committed(partition))));
        }
        for (ChannelRef ref : settings.channels()) {
            String partition = CHANNEL_PREFIX + ref.key();
            channels.put(partition, new CommentState(partition, ref, null, CommentPosition.decode(committed(partition))));
        }
        if (settings.videoComments()) {
            tracked.ids().forEach(this::followVideo);
        }
        context.health().status(QUOTA_STATUS, ledger.status());
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
        Instant now = clock.instant();
        expireVideos(now);
        Pacing pacing = pacing();
        List<PartitionState> due = due(now, pacing);
        List<SourceRecord> records = new ArrayList<>();
        boolean quotaBlocked = false;
        boolean worked = false;
        boolean full = false;
        boolean aborted = false;
        for (PartitionState p : due) {
            if (stopped) {
                break;
            }
            if (records.size() >= MAX_RECORDS_PER_POLL) {
                full = true;
                break;
            }
            if (p instanceof CommentState c && c.videoId != null && videos.get(c.videoId) != c) {
                continue; // no longer followed
            }
            if (!ledger.canAfford(cost(p))) {
                quotaBlocked = true;
                continue;
            }
            try {
                if (p instanceof QueryState q) {
                    searchPage(q, records);
                } else {
                    commentPage((CommentState) p, records);
                }
                worked = true;
            } catch (ApiException e) {
                worked = true;
                if (e.affectsSource()) {
                    deferred = sourceFailure(e);
                    break;
                }
                partitionProblem(p, e);
                if (e.kind() == ApiException.Kind.UNAVAILABLE) {
                    aborted = true;
                    break;
                }
            }
        }
        showStatus(pacing);
        List<SourceRecord> result = new ArrayList<>(records.size() + 2);
        Checkpoint quota = ledger.takeCheckpoint();
        if (quota != null) {
            // first, so that the day's total is committed even before the mentions are stored
            result.add(SourceRecord.checkpointOnly(quota));
        }
        result.addAll(records);
        Checkpoint list = tracked.takeCheckpoint();
        if (list != null) {
            result.add(SourceRecord.checkpointOnly(list));
        }
        if (deferred != null) {
            if (records.isEmpty()) {
                // nothing read is lost by throwing now (at worst the count of a few units)
                SourceException e = deferred;
                deferred = null;
                throw e;
            }
            return PollResult.more(result);
        }
        if (quotaBlocked && !worked && !canStillWork()) {
            throw new QuotaExceededException("daily YouTube quota reached: " + QuotaLedger.number(ledger.used())
                    + " of " + QuotaLedger.number(ledger.dailyQuota()) + " units used today"
                    + (settings.quotaReserve() > 0 ? " (" + QuotaLedger.number(settings.quotaReserve())
                    + " kept in reserve)" : "") + "; collecting resumes at " + ledger.resetText(),
                    ledger.untilReset());
        }
        boolean more = !stopped && !aborted && (full || hasPendingRun(clock.instant()));
        return more ? PollResult.more(result) : PollResult.done(result);
    }

    @Override
    public void stop() {
        stopped = true;
    }

    // ---- planning ------------------------------------------------------------------------------

    private Pacing pacing() {
        return Pacing.of(ledger.usable(), queries.size(), channels.size() + videos.size());
    }

    /** The partitions to read now: runs under way first, then searches, channels, and videos read longest ago. */
    private List<PartitionState> due(Instant now, Pacing pacing) {
        List<PartitionState> continuing = new ArrayList<>();
        List<PartitionState> fresh = new ArrayList<>();
        for (QueryState q : queries.values()) {
            if (q.notBefore.isAfter(now)) {
                continue;
            }
            if (q.position.run() != null) {
                continuing.add(q);
            } else if (q.position.last() == null || !q.position.last().plus(pacing.searchEvery()).isAfter(now)) {
                fresh.add(q);
            }
        }
        List<CommentState> comments = new ArrayList<>(channels.values());
        comments.addAll(videos.values().stream()
                .sorted(Comparator.comparing(c -> c.position.read() == null ? Instant.MIN : c.position.read()))
                .toList());
        for (CommentState c : comments) {
            if (c.notBefore.isAfter(now)) {
                continue;
            }
            if (c.position.run() != null) {
                continuing.add(c);
            } else if (c.position.read() == null || !c.position.read().plus(pacing.commentEvery()).isAfter(now)) {
                fresh.add(c);
            }
        }
        continuing.addAll(fresh);
        return continuing;
    }

    private boolean hasPendingRun(Instant now) {
        return queries.values().stream().anyMatch(q -> q.position.run() != null && !q.notBefore.isAfter(now)
                && ledger.canAfford(QuotaLedger.SEARCH_COST))
                || allComments().stream().anyMatch(c -> c.position.run() != null && !c.notBefore.isAfter(now)
                && ledger.canAfford(QuotaLedger.LIST_COST));
    }

    /** Whether some partition could still be read today, now or when its turn comes. */
    private boolean canStillWork() {
        return (!allComments().isEmpty() && ledger.canAfford(QuotaLedger.LIST_COST))
                || (!queries.isEmpty() && ledger.canAfford(QuotaLedger.SEARCH_COST));
    }

    private int cost(PartitionState p) {
        if (p instanceof QueryState) {
            return QuotaLedger.SEARCH_COST;
        }
        CommentState c = (CommentState) p;
        return c.channel != null && c.channelId() == null ? 2 * QuotaLedger.LIST_COST : QuotaLedger.LIST_COST;
    }

    // ---- searches ------------------------------------------------------------------------------

    /** Reads the next page of a query's search, with the details of the new videos on it. */
    private void searchPage(QueryState q, List<SourceRecord> records) throws ApiException, InterruptedException {
        Instant now = clock.instant();
        QueryPosition p = q.position;
        QueryPosition.Run run = p.run() != null ? p.run()
                : new QueryPosition.Run(p.since() != null ? p.since() : now.minus(settings.initialLookback()),
                now, null, 0);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("part", "snippet");
        params.put("type", "video");
        params.put("order", "date");
        params.put("q", q.query);
        params.put("publishedAfter", run.after().truncatedTo(ChronoUnit.SECONDS).toString());
        params.put("maxResults", "50");
        params.put("safeSearch", "none");
        params.put("regionCode", settings.regionCode());
        params.put("relevanceLanguage", settings.relevanceLanguage());
        params.put("pageToken", run.page());
        JsonNode page;
        try {
            page = api.get("search", params, QuotaLedger.SEARCH_COST);
        } catch (ApiException e) {
            if (e.kind() == ApiException.Kind.BAD_PAGE_TOKEN && run.page() != null) {
                // the token expired (e.g. over a long pause): read the run again from its first page
                q.position = p.withRun(new QueryPosition.Run(run.after(), run.started(), null, run.pages()));
                return;
            }
            throw e;
        }
        Map<String, JsonNode> found = new LinkedHashMap<>();
        boolean reachedSeen = false;
        for (JsonNode item : page.path("items")) {
            String id = MentionMapper.videoId(item);
            if (id == null) {
                continue;
            }
            if (p.hasSeen(id)) {
                reachedSeen = true;
            } else {
                found.putIfAbsent(id, item);
            }
        }
        Map<String, JsonNode> details = videoDetails(found.keySet());
        Set<String> channelIds = new LinkedHashSet<>();
        found.forEach((id, item) -> {
            JsonNode snippet = (details.containsKey(id) ? details.get(id) : item).path("snippet");
            channelIds.add(Text.string(snippet, "channelId"));
        });
        channelIds.remove(null);
        Map<String, ChannelInfo> channelInfo = directory.lookup(channelIds);
        List<Mention> mentions = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : found.entrySet()) {
            JsonNode d = details.get(e.getKey());
            String channelId = Text.string((d != null ? d : e.getValue()).path("snippet"), "channelId");
            try {
                mentions.add(MentionMapper.video(e.getKey(), d, e.getValue(), channelInfo.get(channelId), q.query));
            } catch (RuntimeException bad) {
                LOG.warn("Source {}: skipping video {} of query '{}': {}", context.sourceId(), e.getKey(), q.query,
                        bad.toString());
            }
        }
        if (settings.videoComments()) {
            Instant until = now.plus(settings.commentWindow());
            for (String id : found.keySet()) {
                tracked.track(id, until);
            }
            syncVideos();
        }
        String next = Text.string(page, "nextPageToken");
        int pages = run.pages() + 1;
        QueryPosition after = p.withSeen(new ArrayList<>(found.keySet()));
        if (next != null && !reachedSeen && pages < settings.maxSearchPages()) {
            after = after.withRun(new QueryPosition.Run(run.after(), run.started(), next, pages));
        } else {
            after = after.finished(run);
            if (next != null && !reachedSeen) {
                backlog.put(q.partition, "the query '" + q.query + "' had more than " + pages(settings.maxSearchPages())
                        + " of new videos; the oldest were skipped (narrow the query, or raise maxSearchPages)");
            } else {
                backlog.remove(q.partition);
            }
        }
        q.position = after;
        q.succeeded();
        emit(records, mentions, after.checkpoint(q.partition));
        context.health().partitionRecovered(q.partition);
    }

    /** The {@code videos.list} items of these videos, 50 per call, as far as the quota allows. */
    private Map<String, JsonNode> videoDetails(Collection<String> ids) throws ApiException, InterruptedException {
        Map<String, JsonNode> details = new HashMap<>();
        List<String> list = new ArrayList<>(ids);
        for (int i = 0; i < list.size(); i += ChannelDirectory.BATCH) {
            if (!ledger.canAfford(QuotaLedger.LIST_COST)) {
                break;
            }
            List<String> batch = list.subList(i, Math.min(list.size(), i + ChannelDirectory.BATCH));
            JsonNode answer;
            try {
                answer = api.get("videos", Map.of("part", "snippet,statistics,contentDetails",
                        "id", String.join(",", batch), "maxResults", "50"), QuotaLedger.LIST_COST);
            } catch (ApiException e) {
                if (e.affectsSource()) {
                    throw e;
                }
                LOG.info("Source {}: video details unavailable, using search results: {}", context.sourceId(),
                        e.getMessage());
                break;
            }
            for (JsonNode item : answer.path("items")) {
                String id = Text.string(item, "id");
                if (id != null) {
                    details.put(id, item);
                }
            }
        }
        return details;
    }

    // ---- comments ------------------------------------------------------------------------------

    /** Reads the next page of comment threads of a channel or a followed video. */
    private void commentPage(CommentState c, List<SourceRecord> records) throws ApiException, InterruptedException {
        Instant now = clock.instant();
        if (c.channel != null && c.channelId() == null) {
            String id = directory.resolveHandle(c.channel.handle());
            if (id == null) {
                c.notBefore = now.plus(RETRY_REFUSED);
                context.health().partitionFailed(c.partition, "no YouTube channel has the handle " + c.channel.handle()
                        + "; check the spelling on the channel's page");
                return;
            }
            c.position = c.position.withChannelId(id);
        }
        CommentPosition p = c.position;
        CommentPosition.Run run = p.run() != null ? p.run()
                : new CommentPosition.Run(now, p.newest() != null ? p.newest() : now.minus(settings.initialLookback()),
                null, 0, null, List.of());
        Map<String, String> params = new LinkedHashMap<>();
        params.put("part", "snippet,replies");
        if (c.channel != null) {
            params.put("allThreadsRelatedToChannelId", c.channelId());
        } else {
            params.put("videoId", c.videoId);
        }
        params.put("order", "time");
        params.put("maxResults", "100");
        params.put("textFormat", "plainText");
        params.put("pageToken", run.page());
        JsonNode page;
        try {
            page = api.get("commentThreads", params, QuotaLedger.LIST_COST);
        } catch (ApiException e) {
            if (e.kind() == ApiException.Kind.BAD_PAGE_TOKEN && run.page() != null) {
                c.position = p.withRun(null);
                return;
            }
            throw e;
        }
        Instant floor = run.floor();
        List<String> floorIds = floor.equals(p.newest()) ? p.ids() : List.of();
        Instant newest = run.newest();
        List<String> newestIds = new ArrayList<>(run.ids());
        boolean reachedOld = false;
        List<Mention> mentions = new ArrayList<>();
        for (JsonNode thread : page.path("items")) {
            JsonNode snippet = thread.path("snippet");
            JsonNode top = snippet.path("topLevelComment");
            String videoId = Text.string(snippet, "videoId");
            String channelId = Text.string(snippet, "channelId");
            List<JsonNode> comments = new ArrayList<>();
            Instant topTime = Text.instant(top.path("snippet").get("publishedAt"));
            if (Text.string(top, "id") != null && topTime != null) {
                if (isNew(topTime, Text.string(top, "id"), floor, floorIds)) {
                    comments.add(top);
                } else {
                    reachedOld = true;
                }
            }
            for (JsonNode reply : thread.path("replies").path("comments")) {
                Instant t = Text.instant(reply.path("snippet").get("publishedAt"));
                if (Text.string(reply, "id") != null && t != null && isNew(t, Text.string(reply, "id"), floor, floorIds)) {
                    comments.add(reply);
                }
            }
            for (JsonNode comment : comments) {
                boolean isTop = comment == top;
                try {
                    mentions.add(MentionMapper.comment(comment, videoId, channelId,
                            isTop ? Text.count(snippet.get("totalReplyCount")) : null));
                } catch (RuntimeException bad) {
                    LOG.warn("Source {}: skipping comment in {}: {}", context.sourceId(), c.partition, bad.toString());
                    continue;
                }
                Instant t = Text.instant(comment.path("snippet").get("publishedAt"));
                String id = Text.string(comment, "id");
                if (newest == null || t.isAfter(newest)) {
                    newest = t;
                    newestIds.clear();
                    newestIds.add(id);
                } else if (t.equals(newest) && !newestIds.contains(id)) {
                    newestIds.add(id);
                }
            }
        }
        String next = Text.string(page, "nextPageToken");
        int pages = run.pages() + 1;
        CommentPosition.Run progressed = new CommentPosition.Run(run.started(), floor, next, pages, newest,
                CommentPosition.merge(List.of(), newestIds));
        CommentPosition after;
        if (next != null && !reachedOld && pages < MAX_COMMENT_PAGES) {
            after = p.withRun(progressed);
        } else {
            after = p.finished(progressed);
            if (next != null && !reachedOld && c.channel != null) {
                backlog.put(c.partition, "the channel " + c.channel.key() + " had more than " + pages(MAX_COMMENT_PAGES)
                        + " of new comments since the last read; the oldest were skipped");
            } else {
                backlog.remove(c.partition);
            }
        }
        c.position = after;
        c.succeeded();
        emit(records, mentions, after.checkpoint(c.partition));
        if (c.channel != null) {
            context.health().partitionRecovered(c.partition);
        }
    }

    private static boolean isNew(Instant published, String id, Instant floor, List<String> floorIds) {
        return published.isAfter(floor) || (published.equals(floor) && !floorIds.contains(id));
    }

    // ---- followed videos -----------------------------------------------------------------------

    private void followVideo(String videoId) {
        String partition = VIDEO_PREFIX + videoId;
        videos.computeIfAbsent(videoId, id -> new CommentState(partition, null, id,
                CommentPosition.decode(committed(partition))));
    }

    /** Follows the videos on the list, and stops following those no longer on it. */
    private void syncVideos() {
        List<String> ids = tracked.ids();
        videos.keySet().retainAll(Set.copyOf(ids));
        ids.forEach(this::followVideo);
    }

    private void expireVideos(Instant now) {
        tracked.expire(now);
        syncVideos();
    }

    // ---- errors --------------------------------------------------------------------------------

    private void partitionProblem(PartitionState p, ApiException e) {
        Instant now = clock.instant();
        HealthReporter health = context.health();
        boolean video = p instanceof CommentState c && c.videoId != null;
        switch (e.kind()) {
            case UNAVAILABLE -> {
                Instant until = p.failed(now, e.retryAfter());
                if (!video) {
                    health.partitionWaiting(p.partition, until, e.getMessage() + "; trying again after "
                            + until.truncatedTo(ChronoUnit.SECONDS));
                }
            }
            case NOT_FOUND, COMMENTS_DISABLED, REJECTED, BAD_PAGE_TOKEN -> {
                if (video) {
                    // a video deleted, made private or with comments turned off: stop following it
                    LOG.info("Source {}: no longer following comments of video {}: {}", context.sourceId(),
                            ((CommentState) p).videoId, e.getMessage());
                    tracked.untrack(((CommentState) p).videoId);
                    syncVideos();
                    return;
                }
                p.notBefore = now.plus(RETRY_REFUSED);
                health.partitionFailed(p.partition, partitionMessage(p, e));
            }
            default -> throw new IllegalStateException("not a partition problem: " + e.kind());
        }
    }

    private static String partitionMessage(PartitionState p, ApiException e) {
        if (p instanceof CommentState c) {
            return switch (e.kind()) {
                case NOT_FOUND -> "YouTube has no channel " + c.channel.key() + " (" + e.getMessage()
                        + "); check the channel id";
                case COMMENTS_DISABLED -> "comments are turned off on the channel " + c.channel.key();
                default -> "YouTube refused to list the channel's comments: " + e.getMessage();
            };
        }
        return "YouTube refused the search (" + e.getMessage() + "); check the query";
    }

    private SourceException sourceFailure(ApiException e) {
        return switch (e.kind()) {
            case QUOTA -> {
                ledger.exhaust();
                yield new QuotaExceededException("YouTube says the daily quota of the API key's project is used up "
                        + "(other sources or applications using the same project count too); collecting resumes at "
                        + ledger.resetText(), ledger.untilReset());
            }
            case RATE_LIMITED -> {
                Duration wait = e.retryAfter() != null ? e.retryAfter() : DEFAULT_RATE_LIMIT_WAIT;
                yield new RetriableException("rate limited by YouTube (" + e.getMessage() + "); trying again in "
                        + Pacing.format(wait), wait, null);
            }
            case CREDENTIALS -> new CredentialsRejectedException("YouTube", e.getMessage());
            case API_DISABLED -> new FatalSourceException("the YouTube Data API v3 is not enabled for the Google "
                    + "Cloud project of this API key; enable it in the Google Cloud console (APIs & Services > "
                    + "Library), then wait a few minutes (" + e.getMessage() + ")");
            default -> throw new IllegalStateException("not a source problem: " + e.kind());
        };
    }

    // ---- helpers -------------------------------------------------------------------------------

    private void showStatus(Pacing pacing) {
        HealthReporter health = context.health();
        boolean searchesPaused = !queries.isEmpty() && !ledger.canAfford(QuotaLedger.SEARCH_COST);
        health.status(QUOTA_STATUS, ledger.status() + (searchesPaused ? "; searches wait for the reset" : ""));
        health.status(PACING_STATUS, pacing.describe(queries.size(), channels.size() + videos.size()));
        health.status(BACKLOG_STATUS, backlog.isEmpty() ? null : String.join("; ", backlog.values()));
    }

    /** The mentions of a page, the last carrying the partition's new position (or the position alone). */
    private static void emit(List<SourceRecord> records, List<Mention> mentions, Checkpoint checkpoint) {
        if (mentions.isEmpty()) {
            records.add(SourceRecord.checkpointOnly(checkpoint));
            return;
        }
        for (int i = 0; i < mentions.size(); i++) {
            records.add(new SourceRecord(mentions.get(i), i == mentions.size() - 1 ? checkpoint : null));
        }
    }

    private List<CommentState> allComments() {
        List<CommentState> all = new ArrayList<>(channels.values());
        all.addAll(videos.values());
        return all;
    }

    private String committed(String partition) {
        return context.checkpoint(partition).map(Checkpoint::position).orElse(null);
    }

    private static String pages(int n) {
        return n == 1 ? "1 page" : n + " pages";
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
