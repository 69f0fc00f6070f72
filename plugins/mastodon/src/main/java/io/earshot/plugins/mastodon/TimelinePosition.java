package io.earshot.plugins.mastodon;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.earshot.api.Checkpoint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * How far the reading of one timeline got: the checkpoint position of its partition, a small JSON
 * object such as {@code {"v":1,"minId":"113442958106226839","recent":["113442951234567890", ...]}}.
 *
 * @param minId  the newest status id handed on; the next REST read asks for statuses after it
 *               ({@code min_id}). Null before the first read.
 * @param recent the ids handed on in the last minutes before {@code minId}: a read that goes back a
 *               little (after a restart) skips them instead of handing them on twice
 */
record TimelinePosition(String minId, List<String> recent) {

    static final TimelinePosition START = new TimelinePosition(null, List.of());
    /** Most recent ids kept in a checkpoint. */
    static final int MAX_RECENT = 300;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int VERSION = 1;
    private static final int MAX_ID_LENGTH = 100;

    TimelinePosition {
        if (minId != null && (minId.isBlank() || minId.length() > MAX_ID_LENGTH)) {
            minId = null;
        }
        List<String> ids = new ArrayList<>();
        if (recent != null) {
            for (String id : recent) {
                if (id != null && !id.isBlank() && id.length() <= MAX_ID_LENGTH) {
                    ids.add(id);
                }
            }
        }
        recent = List.copyOf(ids.size() > MAX_RECENT ? ids.subList(ids.size() - MAX_RECENT, ids.size()) : ids);
    }

    /** A position at {@code minId} remembering the last of {@code recent} (oldest first). */
    static TimelinePosition of(String minId, Collection<String> recent) {
        return new TimelinePosition(minId, new ArrayList<>(recent));
    }

    String encode() {
        ObjectNode node = JSON.createObjectNode().put("v", VERSION);
        if (minId != null) {
            node.put("minId", minId);
        }
        if (!recent.isEmpty()) {
            ArrayNode ids = node.putArray("recent");
            recent.forEach(ids::add);
        }
        return node.toString();
    }

    /** Reads a stored position; one this version cannot read counts as the start. */
    static TimelinePosition decode(String text) {
        if (text == null || text.isBlank()) {
            return START;
        }
        try {
            JsonNode n = JSON.readTree(text);
            if (n == null || !n.isObject() || n.path("v").asInt() != VERSION) {
                return START;
            }
            List<String> recent = new ArrayList<>();
            n.path("recent").forEach(id -> recent.add(id.asText()));
            return new TimelinePosition(n.path("minId").textValue(), recent);
        } catch (JacksonException e) {
            return START;
        }
    }

    Checkpoint checkpoint(Timeline timeline) {
        return new Checkpoint(timeline.partition(), encode());
    }
}
