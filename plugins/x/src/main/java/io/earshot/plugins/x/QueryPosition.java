package io.earshot.plugins.x;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.earshot.api.Checkpoint;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * How far the search of one query got: the checkpoint position of its partition, e.g.
 * {@code {"v":1,"since":"1861234567890123456"}}.
 *
 * <p>A <em>run</em> reads everything newer than {@code since} (X's {@code since_id}), newest
 * first, page after page with {@code next_token}. While it is under way, the position holds the
 * parameters it started with, the next page's token and the newest id it saw, so a restart goes on
 * with the next page; {@code since} moves to that newest id only when the run ends. Before any
 * post was found, {@code from} (a {@code start_time}) stands in for {@code since}.
 *
 * @param since the newest post id collected, or null
 * @param from  where the next run starts when there is no {@code since}: the start of the last
 *              run that found nothing; null before the first run
 * @param run   the run under way, or null
 */
record QueryPosition(String since, Instant from, Run run) {

    static final QueryPosition START = new QueryPosition(null, null, null);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int VERSION = 1;

    /**
     * One run under way.
     *
     * @param at        when it started
     * @param sinceId   its {@code since_id}, or null
     * @param startTime its {@code start_time}, or null
     * @param next      the token of the next page
     * @param newest    the newest post id of the run (X's {@code newest_id} of its first page), or null
     */
    record Run(Instant at, String sinceId, Instant startTime, String next, String newest) {
    }

    QueryPosition withRun(Run r) {
        return new QueryPosition(since, from, r);
    }

    /** The run ended: its newest post is where the next run starts. */
    QueryPosition finished(Run done, Instant nextFrom) {
        String newest = PostIds.max(since, done.newest());
        return new QueryPosition(newest, newest == null ? nextFrom : null, null);
    }

    Checkpoint checkpoint(String partition) {
        ObjectNode n = JSON.createObjectNode().put("v", VERSION);
        if (since != null) {
            n.put("since", since);
        }
        if (from != null) {
            n.put("from", from.toString());
        }
        if (run != null) {
            ObjectNode r = n.putObject("run").put("at", run.at().toString());
            if (run.sinceId() != null) {
                r.put("since", run.sinceId());
            }
            if (run.startTime() != null) {
                r.put("start", run.startTime().toString());
            }
            if (run.next() != null) {
                r.put("next", run.next());
            }
            if (run.newest() != null) {
                r.put("newest", run.newest());
            }
        }
        return new Checkpoint(partition, n.toString());
    }

    static QueryPosition decode(String text) {
        if (text == null || text.isBlank()) {
            return START;
        }
        try {
            JsonNode n = JSON.readTree(text);
            if (n == null || !n.isObject() || n.path("v").asInt() != VERSION) {
                return START;
            }
            Run run = null;
            JsonNode r = n.get("run");
            if (r != null && r.isObject() && instant(r, "at") != null) {
                run = new Run(instant(r, "at"), id(r, "since"), instant(r, "start"), string(r, "next"), id(r, "newest"));
            }
            return new QueryPosition(id(n, "since"), instant(n, "from"), run);
        } catch (JacksonException e) {
            return START;
        }
    }

    private static String string(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.isTextual() || v.asText().isEmpty() ? null : v.asText();
    }

    private static String id(JsonNode n, String field) {
        String s = string(n, field);
        return s != null && PostIds.isId(s) ? s : null;
    }

    private static Instant instant(JsonNode n, String field) {
        String s = string(n, field);
        try {
            return s == null ? null : Instant.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
