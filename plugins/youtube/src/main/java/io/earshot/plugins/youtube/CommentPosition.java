package io.earshot.plugins.youtube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.earshot.api.Checkpoint;
import java.time.Instant;
import java.util.List;

/**
 * How far the reading of the comments of one channel ({@code channel:<id or @handle>}) or one
 * video ({@code comments:<video id>}) got, e.g.
 * {@code {"v":1,"channel":"UC...","newest":"2026-11-20T09:58:00Z","ids":["Ugx..."],"read":"2026-11-20T10:00:00Z"}}.
 *
 * <p>{@code commentThreads.list} has no "since" parameter: threads come newest first, and a run
 * reads pages until it meets a comment not newer than {@code newest} (comments published at that
 * very second are told apart by {@code ids}). While a run is under way, its page token and what it
 * found are part of the position, and {@code newest} moves only when the run ends: a restart goes
 * on with the next page without losing the older new comments.
 *
 * @param channelId the channel's id, once a handle was resolved; null for videos
 * @param newest    publication time of the newest comment collected; null before the first run
 * @param ids       ids of the comments published at {@code newest}
 * @param read      when the last complete run started (for pacing); null before the first
 * @param run       the run under way, or null
 */
record CommentPosition(String channelId, Instant newest, List<String> ids, Instant read, Run run) {

    static final CommentPosition START = new CommentPosition(null, null, List.of(), null, null);
    static final int MAX_IDS = 50;
    private static final int VERSION = 1;

    /**
     * One read under way.
     *
     * @param started when it started
     * @param floor   comments not newer than this were collected before
     * @param page    the token of the next page
     * @param pages   pages read so far
     * @param newest  the newest comment found so far in this run, or null
     * @param ids     ids of the comments published at the run's {@code newest}
     */
    record Run(Instant started, Instant floor, String page, int pages, Instant newest, List<String> ids) {
        Run {
            ids = List.copyOf(ids);
        }
    }

    CommentPosition {
        ids = List.copyOf(ids);
    }

    CommentPosition withChannelId(String id) {
        return new CommentPosition(id, newest, ids, read, run);
    }

    CommentPosition withRun(Run next) {
        return new CommentPosition(channelId, newest, ids, read, next);
    }

    /** The run ended: its newest comment is where the next starts. */
    CommentPosition finished(Run done) {
        if (done.newest() == null || (newest != null && !done.newest().isAfter(newest))) {
            Instant keep = newest != null ? newest : done.floor();
            List<String> keepIds = newest != null && done.newest() != null && done.newest().equals(newest)
                    ? merge(ids, done.ids()) : ids;
            return new CommentPosition(channelId, keep, keepIds, done.started(), null);
        }
        return new CommentPosition(channelId, done.newest(), done.ids(), done.started(), null);
    }

    Checkpoint checkpoint(String partition) {
        ObjectNode n = Positions.JSON.createObjectNode().put("v", VERSION);
        Positions.put(n, "channel", channelId);
        Positions.put(n, "newest", newest);
        Positions.put(n, "ids", ids);
        Positions.put(n, "read", read);
        if (run != null) {
            ObjectNode r = n.putObject("run");
            Positions.put(r, "started", run.started());
            Positions.put(r, "floor", run.floor());
            Positions.put(r, "page", run.page());
            r.put("pages", run.pages());
            Positions.put(r, "newest", run.newest());
            Positions.put(r, "ids", run.ids());
        }
        return new Checkpoint(partition, n.toString());
    }

    static CommentPosition decode(String text) {
        JsonNode n = Positions.read(text, VERSION);
        if (n == null) {
            return START;
        }
        Run run = null;
        JsonNode r = n.get("run");
        if (r != null && r.isObject()) {
            Instant started = Positions.instant(r, "started");
            Instant floor = Positions.instant(r, "floor");
            if (started != null && floor != null) {
                run = new Run(started, floor, Positions.text(r, "page"), r.path("pages").asInt(),
                        Positions.instant(r, "newest"), Positions.strings(r, "ids"));
            }
        }
        return new CommentPosition(Positions.text(n, "channel"), Positions.instant(n, "newest"),
                Positions.strings(n, "ids"), Positions.instant(n, "read"), run);
    }

    static List<String> merge(List<String> a, List<String> b) {
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(a);
        all.addAll(b);
        List<String> list = List.copyOf(all);
        return list.size() <= MAX_IDS ? list : list.subList(list.size() - MAX_IDS, list.size());
    }
}
