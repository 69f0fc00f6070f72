package io.earshot.plugins.bluesky;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How far the search for one query got: the checkpoint position of its partition, e.g.
 * {@code {"v":1,"since":"2026-03-10T11:58:00Z","sweep":{"from":"...","cursor":"..."},"seen":{"3f2a9c01b2d4":1773143880}}}.
 *
 * <p>Search returns the newest posts first, so a read goes back in time page by page (a
 * <em>sweep</em>) from now to {@code from}. Only a finished sweep moves {@code since}; a sweep
 * interrupted by a restart resumes at its cursor.
 *
 * @param since the newest post time ({@code sortAt}) of the last finished sweep; the next one goes
 *              back to it (minus an overlap). Null before the first.
 * @param sweep the sweep under way, or null
 * @param seen  short hashes of the posts handed on recently, with their time (epoch seconds): the
 *              overlap skips them
 */
record SearchPosition(Instant since, Sweep sweep, Map<String, Long> seen) {

    static final SearchPosition START = new SearchPosition(null, null, Map.of());
    static final int MAX_SEEN = 2_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int VERSION = 1;

    /**
     * One read back in time.
     *
     * @param from   the oldest post time wanted ({@code since} of the request)
     * @param to     the newest post time wanted ({@code until}), or null for "up to now"
     * @param top    the newest post time seen in this sweep so far, or null
     * @param cursor the next page's cursor, or null for the first page
     */
    record Sweep(Instant from, Instant to, Instant top, String cursor) {
    }

    SearchPosition {
        LinkedHashMap<String, Long> copy = new LinkedHashMap<>();
        if (seen != null) {
            int skip = Math.max(0, seen.size() - MAX_SEEN);
            for (Map.Entry<String, Long> e : seen.entrySet()) {
                if (skip-- > 0) {
                    continue;
                }
                copy.put(e.getKey(), e.getValue());
            }
        }
        seen = java.util.Collections.unmodifiableMap(copy);
    }

    String encode() {
        ObjectNode n = JSON.createObjectNode().put("v", VERSION);
        if (since != null) {
            n.put("since", since.toString());
        }
        if (sweep != null) {
            ObjectNode s = n.putObject("sweep").put("from", sweep.from().toString());
            if (sweep.to() != null) {
                s.put("to", sweep.to().toString());
            }
            if (sweep.top() != null) {
                s.put("top", sweep.top().toString());
            }
            if (sweep.cursor() != null) {
                s.put("cursor", sweep.cursor());
            }
        }
        ObjectNode seenNode = n.putObject("seen");
        seen.forEach(seenNode::put);
        return n.toString();
    }

    static SearchPosition decode(String text) {
        if (text == null || text.isBlank()) {
            return START;
        }
        try {
            JsonNode n = JSON.readTree(text);
            if (n == null || n.path("v").asInt() != VERSION) {
                return START;
            }
            Sweep sweep = null;
            JsonNode s = n.path("sweep");
            if (s.isObject() && instant(s.path("from")) != null) {
                sweep = new Sweep(instant(s.path("from")), instant(s.path("to")), instant(s.path("top")),
                        s.path("cursor").isTextual() ? s.path("cursor").asText() : null);
            }
            Map<String, Long> seen = new LinkedHashMap<>();
            n.path("seen").properties().forEach(e -> seen.put(e.getKey(), e.getValue().asLong()));
            return new SearchPosition(instant(n.path("since")), sweep, seen);
        } catch (JacksonException e) {
            return START;
        }
    }

    private static Instant instant(JsonNode n) {
        if (!n.isTextual()) {
            return null;
        }
        try {
            return Instant.parse(n.asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
