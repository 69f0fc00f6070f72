package io.earshot.plugins.mastodon;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.earshot.api.Checkpoint;
import io.earshot.api.CredentialsRejectedException;
import io.earshot.api.HealthReporter;
import io.earshot.api.Mention;
import io.earshot.api.PollResult;
import io.earshot.api.SourceRecord;
import io.earshot.api.SourceTask;
import io.earshot.api.SourceTaskContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the timelines of one Mastodon source.
 *
 * <h2>Polling</h2>
 * Each timeline is read forward from its checkpoint with {@code min_id} (following the
 * {@code Link} header's {@code prev} cursor), 40 statuses a page, handed on oldest first; the
 * timeline's new {@link TimelinePosition} rides on its last record of the poll. A timeline read for
 * the first time starts {@code backfill} ago. A full page means more is waiting: the poll says
 * {@link PollResult#hasMore()}, and only timelines with a backlog are read again before the next
 * scheduled poll. The first read after a start goes back a little ({@value #OVERLAP_MINUTES}
 * minutes), because a federated status can arrive late with an id older than the checkpoint; the
 * statuses of those minutes handed on before are skipped (their ids are in the checkpoint).
 *
 * <h2>Streaming</h2>
 * With {@code streaming}, every timeline also has a {@link TimelineStream}. Each (re)connection is
 * followed by a REST catch-up from the checkpoint; events that arrive meanwhile are held and
 * handed on after it, so nothing falls between the last streamed status and the new connection.
 * A poll then waits up to a second for events and always says {@link PollResult#hasMore()}. While
 * a stream is down, or when the instance refuses it, its timeline is polled every minute instead.
 * {@code delete} events are logged and counted (Earshot cannot remove stored mentions yet);
 * {@code status.update} events re-emit the edited status under the same id.
 *
 * <h2>Care</h2>
 * The {@code X-RateLimit-*} headers of every instance are followed ({@link RateLimits}): an
 * instance close to its limit, or that answered 429, is left alone until its window resets and its
 * timelines show as waiting, while the other instances go on. Requests to one instance are paced
 * (a burst of 30, then the limit spread over its window: one a second by default). A refused access
 * token fails the source; any other trouble concerns one timeline only.
 */
final class MastodonSourceTask implements SourceTask {

    static final int OVERLAP_MINUTES = 2;
    static final Duration OVERLAP = Duration.ofMinutes(OVERLAP_MINUTES);
    /** How often a timeline without a working stream is polled in streaming mode. */
    static final Duration FALLBACK_POLL = Duration.ofMinutes(1);
    /** How long a new stream may take to connect before its timeline is polled anyway. */
    static final Duration STREAM_GRACE = Duration.ofSeconds(30);
    /** Mastodon sends a heartbeat every few seconds; a stream silent this long is reconnected. */
    static final Duration STREAM_IDLE = Duration.ofSeconds(90);
    /** Longest a poll waits for stream events. */
    static final Duration EVENT_WAIT = Duration.ofSeconds(1);
    /** Most pages read from one timeline in one poll. */
    static final int MAX_PAGES_PER_POLL = 25;
    static final int MAX_HELD_EVENTS = 5_000;
    static final int QUEUE_CAPACITY = 10_000;
    private static final int RECENT = 20_000;

    static final String STATUS_QUOTA = "rate limits";
    static final String STATUS_STREAMS = "live streams";
    static final String STATUS_DELETED = "deleted on Mastodon";

    private static final Logger LOG = LoggerFactory.getLogger(MastodonSourceTask.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private SourceTaskContext context;
    private MastodonSettings settings;
    private TimelineApi api;
    private final RateLimits limits = new RateLimits();
    private StatusMapper mapper;
    private final Map<String, TimelineState> timelines = new LinkedHashMap<>();
    /** Versions (mention id and edit time) handed on recently: the same status from another instance is not repeated. */
    private final Lru<String, Boolean> recent = new Lru<>(RECENT);
    private final BlockingQueue<TimelineStream.Item> events = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private volatile boolean stopped;
    private boolean streamsStarted;
    private boolean previousHadMore;
    /** A read of this poll was held back to pace the requests to an instance. */
    private boolean paced;
    private RuntimeException pendingFailure;
    private long deletions;
    private Instant startedAt;

    /** What the task knows of one timeline. Touched by the task thread only. */
    private static final class TimelineState {
        final Timeline timeline;
        /** The newest status id handed on so far (committed or not); null before the first read. */
        String minId;
        /** Ids handed on recently, oldest first (see {@link TimelinePosition#recent()}). */
        final java.util.LinkedHashSet<String> recentIds = new java.util.LinkedHashSet<>();
        /** What the last checkpoint returned said, to know whether a new one is needed. */
        TimelinePosition sealed;
        /** Index in this poll's records of the last record of this timeline, or -1. */
        int lastRecord = -1;
        /** The next REST read goes back {@link #OVERLAP} (after a start or a reconnection). */
        boolean overlapNext = true;
        /** The last read ended on a full page: more is waiting. */
        boolean backlog;
        Instant waitUntil;
        // streaming
        TimelineStream stream;
        boolean live;
        boolean refused;
        String streamProblem;
        boolean catchingUp;
        final Deque<Held> held = new ArrayDeque<>();
        boolean heldOverflow;
        Instant nextFallbackRead;
        boolean readThisPoll;
        /** For a timeline never read before: how far back its first read goes. */
        Instant horizon;

        TimelineState(Timeline timeline, TimelinePosition position) {
            this.timeline = timeline;
            this.minId = position.minId();
            this.recentIds.addAll(position.recent());
            this.sealed = position;
        }

        /** Moves the position on to a status handed on (or skipped); never backwards. */
        void advance(String id) {
            minId = StatusIds.newer(minId, id);
            recentIds.remove(id);
            recentIds.add(id);
            Instant newest = StatusIds.snowflakeTime(minId);
            Instant edge = newest == null ? null : newest.minus(OVERLAP);
            java.util.Iterator<String> it = recentIds.iterator();
            while (it.hasNext()) {
                Instant t = StatusIds.snowflakeTime(it.next());
                boolean outside = edge == null || t == null || t.isBefore(edge);
                if (!outside && recentIds.size() <= TimelinePosition.MAX_RECENT) {
                    break;
                }
                it.remove();
            }
        }

        TimelinePosition position() {
            return TimelinePosition.of(minId, recentIds);
        }

        String partition() {
            return timeline.partition();
        }
    }

    /** A stream event held back while its timeline catches up. */
    private record Held(JsonNode status, boolean edit) {
    }

    @Override
    public void start(SourceTaskContext context) {
        this.context = context;
        this.settings = MastodonSettings.from(context.config());
        this.api = new TimelineApi(context.http(), context.clock(), limits, settings.timeout(), settings.tokenInstance(),
                settings.token());
        this.mapper = new StatusMapper(settings.skipReblogs());
        this.startedAt = context.clock().instant();
        for (Timeline t : settings.timelines()) {
            TimelinePosition position = context.checkpoint(t.partition()).map(Checkpoint::position)
                    .map(TimelinePosition::decode).orElse(TimelinePosition.START);
            TimelineState state = new TimelineState(t, position);
            state.nextFallbackRead = startedAt.plus(STREAM_GRACE);
            timelines.put(t.partition(), state);
        }
    }

    @Override
    public PollResult poll() throws InterruptedException {
        if (pendingFailure != null) {
            RuntimeException failure = pendingFailure;
            pendingFailure = null;
            throw failure;
        }
        if (stopped) {
            return PollResult.empty();
        }
        List<SourceRecord> records = new ArrayList<>();
        timelines.values().forEach(s -> s.readThisPoll = false);
        paced = false;
        if (settings.streaming() && !streamsStarted) {
            startStreams();
        }
        readTimelines(records);
        if (settings.streaming()) {
            superviseStreams();
            takeEvents(records);
        }
        seal(records);
        report();
        if (stopped) {
            return PollResult.done(records);
        }
        boolean more = settings.streaming() || timelines.values().stream().anyMatch(s -> s.backlog && !waiting(s));
        if (paced && records.isEmpty() && !settings.streaming()) {
            // nothing could be read for the pacing: wait a moment (stop() ends the wait) before polling again
            events.poll(EVENT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
        previousHadMore = more;
        return more ? PollResult.more(records) : PollResult.done(records);
    }

    @Override
    public void stop() {
        stopped = true;
        for (TimelineState s : timelines.values()) {
            if (s.stream != null) {
                s.stream.stop();
            }
        }
        events.offer(new TimelineStream.Disconnected(null, "stopped", null));
    }

    @Override
    public void close() {
        stop();
    }

    // ---------------------------------------------------------------- REST

    private void readTimelines(List<SourceRecord> records) throws InterruptedException {
        int budget = settings.maxItemsPerPoll();
        for (TimelineState state : timelines.values()) {
            if (stopped || budget - mentions(records) <= 0) {
                return;
            }
            if (!due(state) || waiting(state)) {
                continue;
            }
            read(state, records, budget);
            if (pendingFailure != null && records.isEmpty()) {
                RuntimeException failure = pendingFailure;
                pendingFailure = null;
                throw failure;
            }
            if (pendingFailure != null) {
                return;
            }
        }
    }

    private boolean due(TimelineState s) {
        if (!settings.streaming()) {
            return s.backlog || !previousHadMore;
        }
        Instant now = context.clock().instant();
        return s.catchingUp || s.backlog || (!s.live && !now.isBefore(s.nextFallbackRead));
    }

    /** Whether the timeline (or its instance) must wait; reports it as waiting if so. */
    private boolean waiting(TimelineState s) {
        Instant now = context.clock().instant();
        Instant until = limits.blockedUntil(s.timeline.instance(), now);
        if (until == null && s.waitUntil != null && s.waitUntil.isAfter(now)) {
            until = s.waitUntil;
        }
        if (until == null) {
            return false;
        }
        if (s.waitUntil == null || !s.waitUntil.equals(until)) {
            s.waitUntil = until;
            context.health().partitionWaiting(s.partition(), until, "the rate limit of "
                    + Instances.host(s.timeline.instance()) + " is used up for now; reading " + s.timeline.shortLabel()
                    + " again at " + RateLimits.format(until));
        }
        return true;
    }

    /** Reads pages of one timeline forward from its position, within the poll's budget. */
    private void read(TimelineState s, List<SourceRecord> records, int budget) throws InterruptedException {
        HealthReporter health = context.health();
        for (int page = 0; page < MAX_PAGES_PER_POLL && !stopped; page++) {
            Instant now = context.clock().instant();
            if (waiting(s) || limits.allowance(s.timeline.instance(), now) == 0 || mentions(records) >= budget) {
                return;
            }
            if (!limits.tryAcquire(s.timeline.instance(), now)) {
                // paced: the rest of this timeline follows in a moment
                s.backlog = true;
                paced = true;
                return;
            }
            boolean initial = s.minId == null;
            if (initial && s.horizon == null) {
                s.horizon = now.minus(settings.backfill());
            }
            String minId = initial ? null : s.overlapNext ? StatusIds.minusOverlap(s.minId, OVERLAP) : s.minId;
            TimelineApi.Outcome outcome = api.read(s.timeline, minId, null);
            switch (outcome) {
                case TimelineApi.Page p -> {
                    health.partitionRecovered(s.partition());
                    s.waitUntil = null;
                    s.overlapNext = false;
                    s.readThisPoll = true;
                    if (!s.live) {
                        s.nextFallbackRead = context.clock().instant().plus(FALLBACK_POLL);
                    }
                    boolean full = p.statuses().size() >= TimelineApi.PAGE_SIZE;
                    if (initial) {
                        if (startFromBackfill(s, p, records)) {
                            continue;
                        }
                        caughtUp(s);
                        return;
                    }
                    emitPage(s, p, records);
                    if (!full) {
                        caughtUp(s);
                        return;
                    }
                    s.backlog = true;
                }
                case TimelineApi.UnknownTag u -> {
                    health.partitionRecovered(s.partition());
                    s.waitUntil = null;
                    s.readThisPoll = true;
                    caughtUp(s);
                    return;
                }
                case TimelineApi.Wait w -> {
                    s.waitUntil = w.until();
                    health.partitionWaiting(s.partition(), w.until(), w.message());
                    return;
                }
                case TimelineApi.Failed f -> {
                    health.partitionFailed(s.partition(), f.message());
                    s.backlog = false;
                    s.catchingUp = false;
                    s.nextFallbackRead = context.clock().instant().plus(FALLBACK_POLL);
                    return;
                }
                case TimelineApi.Rejected r -> {
                    pendingFailure = new CredentialsRejectedException(MastodonSource.PLATFORM_NAME, r.detail());
                    return;
                }
            }
        }
    }

    /**
     * Handles the first page of a timeline never read before, whose statuses reach back to
     * {@code horizon}: {@code backfill} before the first read (the moment of the first read when
     * the backfill is 0). When the backfill reaches further back than the page and ids are Mastodon
     * snowflakes, the position moves to the horizon and reading goes on forward from there (returns
     * true). Otherwise the page's statuses since the horizon are handed on and the position is the
     * newest status (returns false: the timeline is caught up).
     */
    private boolean startFromBackfill(TimelineState s, TimelineApi.Page p, List<SourceRecord> records) {
        Instant horizon = s.horizon;
        List<JsonNode> statuses = p.statuses();
        String newest = statuses.stream().map(st -> StatusMapper.text(st, "id")).filter(java.util.Objects::nonNull)
                .max(StatusIds.ORDER).orElse(null);
        if (newest == null) {
            return false;
        }
        Instant oldestAt = StatusMapper.instant(StatusMapper.text(statuses.getLast(), "created_at"));
        boolean full = statuses.size() >= TimelineApi.PAGE_SIZE;
        if (full && oldestAt != null && oldestAt.isAfter(horizon) && StatusIds.snowflakeTime(newest) != null) {
            s.minId = StatusIds.snowflakeAt(horizon);
            s.overlapNext = false;
            return true;
        }
        List<JsonNode> recentEnough = statuses.stream().filter(st -> {
            Instant at = StatusMapper.instant(StatusMapper.text(st, "created_at"));
            return at == null || !at.isBefore(horizon);
        }).toList();
        emitPage(s, new TimelineApi.Page(recentEnough, null, null), records);
        s.minId = StatusIds.newer(s.minId, newest);
        return false;
    }

    /** Hands on a page's statuses, oldest first. */
    private void emitPage(TimelineState s, TimelineApi.Page p, List<SourceRecord> records) {
        List<JsonNode> oldestFirst = new ArrayList<>(p.statuses());
        oldestFirst.sort(Comparator.comparing((JsonNode st) -> {
            String id = StatusMapper.text(st, "id");
            return id == null ? "" : id;
        }, StatusIds.ORDER));
        for (JsonNode status : oldestFirst) {
            emit(s, status, records, false);
        }
        String newestInPage = oldestFirst.isEmpty() ? null : StatusMapper.text(oldestFirst.getLast(), "id");
        // the instance's cursor (Link rel="prev"), when it does not skip past the page
        if (p.prevMinId() != null && newestInPage != null && !StatusIds.isNewer(p.prevMinId(), newestInPage)) {
            s.minId = StatusIds.newer(s.minId, p.prevMinId());
        }
    }

    /** The timeline has nothing more right now; held stream events follow. */
    private void caughtUp(TimelineState s) {
        s.backlog = false;
        if (!s.catchingUp) {
            return;
        }
        if (s.heldOverflow) {
            // events were dropped while catching up: one more round covers them
            s.heldOverflow = false;
            s.overlapNext = false;
            return;
        }
        s.catchingUp = false;
        LOG.debug("Source {}: {} caught up; {} live events follow", context.sourceId(), s.timeline.label(), s.held.size());
    }

    /**
     * Hands on one status, unless it was handed on already: by this timeline (its id is among the
     * recent ones, after a read that went back a little) or by another instance (same uri and edit).
     * An edit ({@code status.update}) passes the first check.
     */
    private void emit(TimelineState s, JsonNode status, List<SourceRecord> records, boolean edit) {
        String id = StatusMapper.text(status, "id");
        if (id != null && !edit && s.recentIds.contains(id)) {
            return;
        }
        StatusMapper.Result result = mapper.map(status, s.timeline.instance());
        switch (result) {
            case StatusMapper.Mapped m -> {
                if (recent.put(m.versionKey(), Boolean.TRUE) == null) {
                    records.add(SourceRecord.of(m.mention()));
                    s.lastRecord = records.size() - 1;
                }
            }
            case StatusMapper.Skipped skipped -> {
                // a boost, skipped by configuration
            }
            case StatusMapper.Malformed bad -> LOG.debug("Source {}: skipping a status of {}: {}", context.sourceId(),
                    s.timeline.label(), bad.reason());
        }
        if (id != null) {
            s.advance(id);
        }
    }

    /**
     * Attaches each timeline's new position to its last record of the poll (or adds a record with
     * the position only): the server commits it once everything before it is stored.
     */
    private void seal(List<SourceRecord> records) {
        for (TimelineState s : timelines.values()) {
            TimelinePosition position = s.position();
            if (position.equals(s.sealed)) {
                s.lastRecord = -1;
                continue;
            }
            Checkpoint checkpoint = position.checkpoint(s.timeline);
            if (s.lastRecord >= 0) {
                records.set(s.lastRecord, SourceRecord.of(records.get(s.lastRecord).mention(), checkpoint));
            } else {
                records.add(SourceRecord.checkpointOnly(checkpoint));
            }
            s.sealed = position;
            s.lastRecord = -1;
        }
    }

    // ---------------------------------------------------------------- streaming

    private void startStreams() {
        streamsStarted = true;
        for (TimelineState s : timelines.values()) {
            s.stream = new TimelineStream(s.timeline, context.http().client(), context.http().policy(),
                    context.http().userAgent(), api.authorization(s.timeline.instance()), events::put, context.clock());
            s.stream.start();
        }
    }

    /** Reconnects streams that went silent. */
    private void superviseStreams() {
        Instant now = context.clock().instant();
        for (TimelineState s : timelines.values()) {
            Instant last = s.stream == null ? null : s.stream.lastActivity();
            if (last != null && Duration.between(last, now).compareTo(STREAM_IDLE) > 0) {
                LOG.info("Source {}: the stream of {} was silent for {}s; reconnecting", context.sourceId(),
                        s.timeline.label(), Duration.between(last, now).toSeconds());
                s.stream.reconnect();
            }
        }
    }

    /** Waits up to a second for stream events (when the poll has nothing yet), then takes what is there. */
    private void takeEvents(List<SourceRecord> records) throws InterruptedException {
        int budget = settings.maxItemsPerPoll();
        if (records.isEmpty() && !stopped) {
            TimelineStream.Item first = events.poll(EVENT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (first != null) {
                handle(first, records);
            }
        }
        flushHeld(records);
        TimelineStream.Item item;
        while (!stopped && mentions(records) < budget && (item = events.poll()) != null) {
            handle(item, records);
        }
        for (TimelineState s : timelines.values()) {
            if (s.readThisPoll && s.live) {
                context.health().partitionRecovered(s.partition());
            }
        }
    }

    private void handle(TimelineStream.Item item, List<SourceRecord> records) {
        if (item.timeline() == null) {
            return; // the wake-up of stop()
        }
        TimelineState s = timelines.get(item.timeline().partition());
        if (s == null) {
            return;
        }
        switch (item) {
            case TimelineStream.Connected c -> {
                s.live = true;
                s.streamProblem = null;
                s.catchingUp = true;
                s.overlapNext = true;
                LOG.debug("Source {}: streaming {}", context.sourceId(), s.timeline.label());
            }
            case TimelineStream.Disconnected d -> {
                s.live = false;
                s.streamProblem = "reconnecting to " + s.timeline.label() + " (" + d.reason() + ")";
                s.nextFallbackRead = context.clock().instant().plus(FALLBACK_POLL);
                LOG.info("Source {}: stream of {} lost ({}); reconnecting", context.sourceId(), s.timeline.label(),
                        d.reason());
            }
            case TimelineStream.Refused r -> {
                s.live = false;
                s.refused = true;
                s.streamProblem = r.message() + "; polling it every minute instead";
                s.nextFallbackRead = context.clock().instant();
                LOG.warn("Source {}: {}", context.sourceId(), r.message());
                if (r.tokenRefused()) {
                    pendingFailure = new CredentialsRejectedException(MastodonSource.PLATFORM_NAME, r.message());
                }
            }
            case TimelineStream.Event e -> event(s, e, records);
        }
    }

    private void event(TimelineState s, TimelineStream.Event e, List<SourceRecord> records) {
        switch (e.name()) {
            case "update", "status.update" -> {
                JsonNode status;
                try {
                    status = JSON.readTree(e.data());
                } catch (JacksonException ex) {
                    LOG.debug("Source {}: unreadable {} event on {}", context.sourceId(), e.name(), s.timeline.label());
                    return;
                }
                if (status == null || !status.isObject()) {
                    return;
                }
                s.readThisPoll = true;
                if (s.catchingUp) {
                    if (s.held.size() >= MAX_HELD_EVENTS) {
                        s.held.clear();
                        s.heldOverflow = true;
                    } else {
                        s.held.add(new Held(status, e.name().equals("status.update")));
                    }
                    return;
                }
                emit(s, status, records, e.name().equals("status.update"));
            }
            case "delete" -> {
                deletions++;
                String id = e.data().strip();
                String mentionId = mapper.knownMentionId(s.timeline.instance(), id);
                LOG.info("Source {}: status {} was deleted on {}{}; Earshot keeps what it stored", context.sourceId(),
                        id, Instances.host(s.timeline.instance()), mentionId == null ? "" : " (mention " + mentionId + ")");
            }
            default -> {
                // notifications, announcements, filters: not for a listening source
            }
        }
    }

    private void flushHeld(List<SourceRecord> records) {
        for (TimelineState s : timelines.values()) {
            if (!s.catchingUp) {
                while (!s.held.isEmpty()) {
                    Held h = s.held.poll();
                    emit(s, h.status(), records, h.edit());
                }
            }
        }
    }

    // ---------------------------------------------------------------- health

    private void report() {
        HealthReporter health = context.health();
        Instant now = context.clock().instant();
        health.status(STATUS_QUOTA, limits.describe(now));
        if (deletions > 0) {
            health.status(STATUS_DELETED, deletions + (deletions == 1 ? " status" : " statuses")
                    + " deleted on Mastodon since the source started; Earshot keeps what it stored");
        }
        if (!settings.streaming()) {
            return;
        }
        long live = timelines.values().stream().filter(s -> s.live).count();
        String problems = timelines.values().stream().map(s -> s.streamProblem).filter(java.util.Objects::nonNull)
                .limit(5).collect(Collectors.joining("; "));
        health.status(STATUS_STREAMS, live + " of " + timelines.size() + " live" + (problems.isEmpty() ? "" : "; " + problems));
        if (problems.isEmpty()) {
            health.recovered();
        } else {
            health.degraded(problems);
        }
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
}
