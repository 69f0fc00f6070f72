package io.earshot.plugins.youtube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.earshot.api.Checkpoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * How far the search of one query got: the checkpoint position of its partition
 * ({@code search:<query>}), e.g.
 * {@code {"v":1,"since":"2026-11-20T09:00:00Z","last":"2026-11-20T10:00:00Z","seen":["dQw4w9WgXcQ"]}}.
 *
 * <p>A <em>run</em> is one search: {@code search.list} with {@code publishedAfter} = {@code since},
 * newest first, page after page. While a run is under way its page token is part of the position,
 * so a restart goes on with the next page. When it ends, the next run's {@code since} is the time
 * this one started minus {@link #OVERLAP} (YouTube's search index lags behind uploads), and the
 * videos already collected in the overlap are recognised by {@code seen}.
 *
 * @param since the {@code publishedAfter} of the next run; null before the first run
 * @param last  when the last complete run started (for pacing); null before the first
 * @param run   the run under way, or null
 * @param seen  ids of videos collected recently, newest last, at most {@link #MAX_SEEN}
 */
record QueryPosition(Instant since, Instant last, Run run, List<String> seen) {

    static final QueryPosition START = new QueryPosition(null, null, null, List.of());
    static final java.time.Duration OVERLAP = java.time.Duration.ofHours(1);
    static final int MAX_SEEN = 1_000;
    private static final int VERSION = 1;

    /**
     * One search under way.
     *
     * @param after   its {@code publishedAfter}
     * @param started when it started
     * @param page    the token of the next page
     * @param pages   pages read so far
     */
    record Run(Instant after, Instant started, String page, int pages) {
    }

    QueryPosition {
        seen = List.copyOf(seen);
    }

    boolean hasSeen(String videoId) {
        return seen.contains(videoId);
    }

    /** This position with more videos seen, forgetting the oldest beyond {@link #MAX_SEEN}. */
    QueryPosition withSeen(List<String> videoIds) {
        LinkedHashSet<String> all = new LinkedHashSet<>(seen);
        all.addAll(videoIds);
        List<String> list = new ArrayList<>(all);
        return new QueryPosition(since, last, run, list.subList(Math.max(0, list.size() - MAX_SEEN), list.size()));
    }

    QueryPosition withRun(Run next) {
        return new QueryPosition(since, last, next, seen);
    }

    /** The run ended: the next one looks back to when it started, minus the overlap. */
    QueryPosition finished(Run done) {
        Instant next = done.started().minus(OVERLAP);
        if (next.isBefore(done.after())) {
            next = done.after();
        }
        return new QueryPosition(next, done.started(), null, seen);
    }

    Checkpoint checkpoint(String partition) {
        ObjectNode n = Positions.JSON.createObjectNode().put("v", VERSION);
        Positions.put(n, "since", since);
        Positions.put(n, "last", last);
        if (run != null) {
            ObjectNode r = n.putObject("run");
            Positions.put(r, "after", run.after());
            Positions.put(r, "started", run.started());
            Positions.put(r, "page", run.page());
            r.put("pages", run.pages());
        }
        Positions.put(n, "seen", seen);
        return new Checkpoint(partition, n.toString());
    }

    static QueryPosition decode(String text) {
        JsonNode n = Positions.read(text, VERSION);
        if (n == null) {
            return START;
        }
        Run run = null;
        JsonNode r = n.get("run");
        if (r != null && r.isObject()) {
            Instant after = Positions.instant(r, "after");
            Instant started = Positions.instant(r, "started");
            if (after != null && started != null) {
                run = new Run(after, started, Positions.text(r, "page"), r.path("pages").asInt());
            }
        }
        return new QueryPosition(Positions.instant(n, "since"), Positions.instant(n, "last"), run,
                Positions.strings(n, "seen"));
    }
}
