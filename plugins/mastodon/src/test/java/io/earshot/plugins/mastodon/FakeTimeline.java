package io.earshot.plugins.mastodon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.earshot.plugins.testkit.ReplayServer.RecordedRequest;
import io.earshot.plugins.testkit.ReplayServer.Reply;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A timeline that answers like a Mastodon instance: {@code min_id} returns the statuses right after
 * the id (oldest page first), {@code max_id} those before it, neither the newest; pages are ordered
 * newest first, at most {@code limit} (40) long, with a {@code Link} header. Statuses can be added
 * while a test runs; rate limit headers can be set.
 */
final class FakeTimeline implements Function<RecordedRequest, Reply> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String path;
    private final List<JsonNode> statuses = new ArrayList<>();
    private final Map<String, String> headers = new ConcurrentHashMap<>();

    FakeTimeline(String path) {
        this.path = path;
    }

    /** Adds statuses (JSON objects); they are kept ordered by id. */
    synchronized FakeTimeline add(String... json) {
        for (String s : json) {
            try {
                statuses.add(JSON.readTree(s));
            } catch (com.fasterxml.jackson.core.JacksonException e) {
                throw new UncheckedIOException(e);
            }
        }
        statuses.sort((a, b) -> StatusIds.ORDER.compare(a.path("id").asText(), b.path("id").asText()));
        return this;
    }

    /** Adds every status of a JSON array. */
    synchronized FakeTimeline addAll(String jsonArray) {
        try {
            JSON.readTree(jsonArray).forEach(n -> add(n.toString()));
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** A header sent with every page, e.g. {@code X-RateLimit-Remaining}. */
    FakeTimeline header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    @Override
    public synchronized Reply apply(RecordedRequest r) {
        int limit = r.param("limit") == null ? 20 : Math.min(40, Integer.parseInt(r.param("limit")));
        String minId = r.param("min_id");
        String maxId = r.param("max_id");
        String sinceId = r.param("since_id");
        List<JsonNode> candidates = new ArrayList<>();
        for (JsonNode s : statuses) {
            String id = s.path("id").asText();
            if (minId != null && StatusIds.ORDER.compare(id, minId) <= 0) {
                continue;
            }
            if (sinceId != null && StatusIds.ORDER.compare(id, sinceId) <= 0) {
                continue;
            }
            if (maxId != null && StatusIds.ORDER.compare(id, maxId) >= 0) {
                continue;
            }
            candidates.add(s);
        }
        List<JsonNode> page = minId != null
                ? candidates.subList(0, Math.min(limit, candidates.size()))
                : candidates.subList(Math.max(0, candidates.size() - limit), candidates.size());
        ArrayNode body = JSON.createArrayNode();
        for (int i = page.size() - 1; i >= 0; i--) {
            body.add(page.get(i));
        }
        Reply reply = Reply.ok("application/json; charset=utf-8", body.toString());
        if (!page.isEmpty()) {
            String base = "https://mastodon.example" + path;
            reply.header("Link", "<" + base + "?max_id=" + page.getFirst().path("id").asText() + ">; rel=\"next\", <"
                    + base + "?min_id=" + page.getLast().path("id").asText() + ">; rel=\"prev\"");
        }
        headers.forEach(reply::header);
        return reply;
    }
}
