package io.earshot.plugins.youtube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.earshot.api.Checkpoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The videos found by the queries whose comments are followed, each until the end of its comment
 * window: the checkpoint of the partition {@value #PARTITION},
 * {@code {"v":1,"videos":[["dQw4w9WgXcQ","2026-11-22T10:00:00Z"]]}}, oldest found first. Touched by
 * the task thread only.
 */
final class TrackedVideos {

    static final String PARTITION = "videos";
    private static final int VERSION = 1;

    private final LinkedHashMap<String, Instant> videos = new LinkedHashMap<>();
    private final int max;
    private boolean changed;

    private TrackedVideos(int max) {
        this.max = max;
    }

    static TrackedVideos decode(String text, int max) {
        TrackedVideos t = new TrackedVideos(max);
        JsonNode n = Positions.read(text, VERSION);
        if (n != null) {
            for (JsonNode pair : n.path("videos")) {
                if (pair.isArray() && pair.size() == 2 && pair.get(0).isTextual()) {
                    Instant until = Text.instant(pair.get(1));
                    if (until != null) {
                        t.videos.put(pair.get(0).asText(), until);
                    }
                }
            }
            t.trim();
        }
        return t;
    }

    /** Follows a newly found video until {@code until}, dropping the oldest beyond the maximum. */
    void track(String videoId, Instant until) {
        Instant old = videos.remove(videoId);
        videos.put(videoId, old != null && old.isAfter(until) ? old : until);
        trim();
        changed = true;
    }

    void untrack(String videoId) {
        if (videos.remove(videoId) != null) {
            changed = true;
        }
    }

    /** Forgets the videos whose window ended. */
    void expire(Instant now) {
        Iterator<Map.Entry<String, Instant>> it = videos.entrySet().iterator();
        while (it.hasNext()) {
            if (!it.next().getValue().isAfter(now)) {
                it.remove();
                changed = true;
            }
        }
    }

    List<String> ids() {
        return new ArrayList<>(videos.keySet());
    }

    int size() {
        return videos.size();
    }

    /** The checkpoint to commit if the list changed since the last call; null otherwise. */
    Checkpoint takeCheckpoint() {
        if (!changed) {
            return null;
        }
        changed = false;
        ObjectNode n = Positions.JSON.createObjectNode().put("v", VERSION);
        ArrayNode list = n.putArray("videos");
        videos.forEach((id, until) -> list.addArray().add(id).add(until.toString()));
        return new Checkpoint(PARTITION, n.toString());
    }

    private void trim() {
        Iterator<String> it = videos.keySet().iterator();
        while (videos.size() > max && it.hasNext()) {
            it.next();
            it.remove();
        }
    }
}
