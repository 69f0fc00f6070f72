package io.earshot.plugins.bluesky;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.earshot.api.Checkpoint;
import io.earshot.api.Mention;
import io.earshot.api.SourceRecord;
import io.earshot.api.SourceTaskContext;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows every new post of the network on a Jetstream server and keeps those the {@link Matcher}
 * wants. The partition is {@value #PARTITION}; its position is the {@code time_us} of the last
 * event handled (a decimal number), from which a restarted task resubscribes (minus a few seconds:
 * replays are harmless, ids are deterministic).
 *
 * <p>A poll waits up to a second for events, then handles what is queued (at most
 * {@value #MAX_EVENTS_PER_POLL} events), looks up the authors of the matches, and returns them.
 * Updated posts are handed on again under the same id; deletions are counted and logged (Earshot
 * keeps what it stored). When a resubscription starts much later than asked, because Jetstream no
 * longer holds the events, the gap is reported, and searched when an account is configured.
 */
final class JetstreamReader {

    static final String PARTITION = "jetstream";
    static final int MAX_EVENTS_PER_POLL = 20_000;
    static final Duration EVENT_WAIT = Duration.ofSeconds(1);
    /** Jetstream sends many events a second; a subscription silent this long is reopened. */
    static final Duration IDLE = Duration.ofSeconds(60);
    /** A resubscription whose first event is this much later than the cursor left a gap. */
    static final Duration GAP = Duration.ofMinutes(5);
    /** Checkpoints without new mentions are handed on at most this often. */
    static final Duration CHECKPOINT_EVERY = Duration.ofSeconds(5);
    private static final int RECENT = 20_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.time.format.DateTimeFormatter DAY_TIME = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd HH:mm 'UTC'", java.util.Locale.ROOT).withZone(java.time.ZoneOffset.UTC);
    private static final Logger LOG = LoggerFactory.getLogger(JetstreamReader.class);

    private final SourceTaskContext context;
    private final Matcher matcher;
    private final Profiles profiles;
    private final BiConsumer<Instant, Instant> onGap;
    private final boolean searchesGaps;
    private final JetstreamConnection connection;
    private final boolean firstStart;
    private volatile long handledUs;
    private long sealedUs;
    private Instant sealedAt = Instant.MIN;
    private boolean started;
    private boolean connected;
    private String problem;
    private Long resumedFrom;
    private long deletions;
    private long events;
    private String gapNotice;
    /**
     * Mention ids handed on recently, with the content id of the version handed on: a replay after a
     * reconnection is not repeated, an update (new content id) is.
     */
    private final Map<String, String> recent = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > RECENT;
        }
    };

    /** A matching post waiting for its author's profile. */
    private record Match(String did, String rkey, String cid, PostContent content, long timeUs, boolean edited) {
    }

    /**
     * @param startUs where to start when there is no checkpoint (0: live)
     * @param onGap   told about a window of time Jetstream could not replay
     * @param searchesGaps whether {@code onGap} has them searched
     */
    JetstreamReader(SourceTaskContext context, BlueskySettings settings, Matcher matcher, Profiles profiles,
                    long startUs, BiConsumer<Instant, Instant> onGap, boolean searchesGaps) {
        this.context = context;
        this.matcher = matcher;
        this.profiles = profiles;
        this.onGap = onGap;
        this.searchesGaps = searchesGaps;
        Long committed = context.checkpoint(PARTITION).map(Checkpoint::position).map(JetstreamReader::parse).orElse(null);
        this.firstStart = committed == null;
        this.handledUs = committed != null ? committed : startUs;
        this.sealedUs = committed != null ? committed : -1;
        URI base = settings.jetstreamUrl();
        this.connection = new JetstreamConnection(base, context.http().client(), context.http().policy(),
                context.http().userAgent(), () -> handledUs, context.clock());
    }

    /** Whether the task had no Jetstream checkpoint (the first start). */
    boolean firstStart() {
        return firstStart;
    }

    /** Waits up to a second for events and hands on the matching posts. */
    void poll(List<SourceRecord> records, int budget, boolean wait) throws InterruptedException {
        if (!started) {
            started = true;
            connection.start();
        }
        superviseIdle();
        List<Match> matches = new ArrayList<>();
        int handled = 0;
        JetstreamConnection.Item item = wait ? connection.take(EVENT_WAIT) : connection.poll();
        while (item != null) {
            handle(item, matches);
            handled++;
            if (handled >= MAX_EVENTS_PER_POLL || matches.size() >= budget) {
                break;
            }
            item = connection.poll();
        }
        if (!matches.isEmpty()) {
            emit(matches, records);
        }
        if (handled > 0 && connected) {
            context.health().partitionRecovered(PARTITION);
        }
    }

    private void superviseIdle() {
        Instant last = connection.lastActivity();
        if (last != null && Duration.between(last, context.clock().instant()).compareTo(IDLE) > 0) {
            LOG.info("Source {}: Jetstream was silent for {}s; reconnecting", context.sourceId(),
                    Duration.between(last, context.clock().instant()).toSeconds());
            connection.reconnect();
        }
    }

    private void handle(JetstreamConnection.Item item, List<Match> matches) {
        switch (item) {
            case JetstreamConnection.Connected c -> {
                connected = true;
                problem = null;
                resumedFrom = c.cursorUs();
                LOG.info("Source {}: subscribed to Jetstream{}", context.sourceId(),
                        c.cursorUs() == null ? " (live)" : " from " + instant(c.cursorUs()));
            }
            case JetstreamConnection.Disconnected d -> {
                if (d.retryAt() == null) {
                    return; // the wake-up of stop()
                }
                connected = false;
                problem = d.status() >= 400 && d.status() != 429
                        ? "the Jetstream server refused the subscription (HTTP " + d.status() + "); check jetstreamUrl"
                        : "Jetstream connection lost (" + d.reason() + "); reconnecting";
                context.health().partitionWaiting(PARTITION, d.retryAt(), problem);
            }
            case JetstreamConnection.Message m -> message(m.json(), matches);
        }
    }

    private void message(String json, List<Match> matches) {
        JsonNode event;
        try {
            event = JSON.readTree(json);
        } catch (JacksonException e) {
            LOG.debug("Source {}: unreadable Jetstream event skipped", context.sourceId());
            return;
        }
        if (event == null || !event.isObject()) {
            return;
        }
        events++;
        long timeUs = event.path("time_us").asLong(0);
        if (resumedFrom != null && timeUs > 0) {
            long asked = resumedFrom;
            resumedFrom = null;
            if (timeUs - asked > GAP.toNanos() / 1_000) {
                gap(instant(asked), instant(timeUs));
            }
        }
        String did = PostContent.text(event, "did");
        switch (String.valueOf(PostContent.text(event, "kind"))) {
            case "commit" -> commit(did, event.path("commit"), timeUs, matches);
            case "identity" -> {
                String handle = PostContent.text(event.path("identity"), "handle");
                if (did != null && handle != null) {
                    profiles.handleChanged(did, handle);
                }
            }
            default -> {
                // account status changes: nothing to collect
            }
        }
        if (timeUs > handledUs) {
            handledUs = timeUs;
        }
    }

    private void commit(String did, JsonNode commit, long timeUs, List<Match> matches) {
        if (did == null || !AtUri.POST.equals(PostContent.text(commit, "collection"))) {
            return;
        }
        String rkey = PostContent.text(commit, "rkey");
        String operation = String.valueOf(PostContent.text(commit, "operation"));
        if (rkey == null) {
            return;
        }
        if (operation.equals("delete")) {
            String id = AtUri.mentionId(did, rkey);
            if (recent.containsKey(id)) {
                LOG.info("Source {}: Bluesky post {} was deleted by its author; Earshot keeps what it stored",
                        context.sourceId(), id);
                deletions++;
            }
            return;
        }
        JsonNode record = commit.path("record");
        if (!record.isObject() || !(operation.equals("create") || operation.equals("update"))) {
            return;
        }
        PostContent content = PostContent.of(record);
        if (!matcher.matches(content.text(), content.tags(), content.extraText(), content.langs())) {
            return;
        }
        boolean edited = operation.equals("update");
        String id = AtUri.mentionId(did, rkey);
        String version = String.valueOf(PostContent.text(commit, "cid"));
        if (version.equals(recent.put(id, version))) {
            return;
        }
        matches.add(new Match(did, rkey, PostContent.text(commit, "cid"), content, timeUs, edited));
    }

    private void emit(List<Match> matches, List<SourceRecord> records) throws InterruptedException {
        Set<String> authors = new LinkedHashSet<>();
        matches.forEach(m -> authors.add(m.did()));
        Map<String, Profile> known = profiles.resolve(authors);
        for (Match m : matches) {
            Mention mention = PostMapper.map(new PostMapper.Post(m.did(), m.rkey(), m.cid(), m.content(),
                    instant(m.timeUs()), known.get(m.did()), null, null, "jetstream", m.edited()));
            records.add(SourceRecord.of(mention));
        }
    }

    private void gap(Instant from, Instant to) {
        gapNotice = "Jetstream no longer held the posts between " + DAY_TIME.format(from) + " and " + DAY_TIME.format(to)
                + (searchesGaps ? "; searching them instead" : "; with a handle and an app password they would be "
                + "searched");
        LOG.warn("Source {}: {}", context.sourceId(), gapNotice);
        onGap.accept(from, to);
    }

    /**
     * Hands on the position reached: on the last Jetstream record of this poll, or as a record of
     * its own (at most every {@link #CHECKPOINT_EVERY} when nothing matched).
     *
     * @param firstRecord index of the first record this reader added in this poll
     */
    void seal(List<SourceRecord> records, int firstRecord) {
        long at = handledUs;
        if (at <= sealedUs || at <= 0) {
            return;
        }
        Instant now = context.clock().instant();
        Checkpoint checkpoint = new Checkpoint(PARTITION, Long.toString(at));
        if (records.size() > firstRecord) {
            int last = records.size() - 1;
            records.set(last, SourceRecord.of(records.get(last).mention(), checkpoint));
        } else if (sealedUs < 0 || Duration.between(sealedAt, now).compareTo(CHECKPOINT_EVERY) >= 0) {
            records.add(SourceRecord.checkpointOnly(checkpoint));
        } else {
            return;
        }
        sealedUs = at;
        sealedAt = now;
    }

    /** For the status line: connected or why not, gaps, deletions. */
    String status() {
        StringBuilder sb = new StringBuilder(connected ? "connected" : problem != null ? problem : "connecting");
        if (handledUs > 0) {
            sb.append("; up to ").append(instant(handledUs).toString().replace('T', ' ').substring(0, 19)).append(" UTC");
        }
        if (gapNotice != null) {
            sb.append("; ").append(gapNotice);
        }
        return sb.toString();
    }

    /** How many collected posts were deleted since the task started. */
    long deletions() {
        return deletions;
    }

    /** Why the subscription is down, or null when it works (or is connecting for the first time). */
    String problem() {
        return problem;
    }

    void stop() {
        connection.stop();
    }

    static Instant instant(long timeUs) {
        return Instant.ofEpochSecond(timeUs / 1_000_000, (timeUs % 1_000_000) * 1_000);
    }

    static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000 + t.getNano() / 1_000;
    }

    private static Long parse(String position) {
        try {
            long v = Long.parseLong(position.strip());
            return v > 0 ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
