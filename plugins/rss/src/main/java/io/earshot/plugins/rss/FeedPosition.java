package io.earshot.plugins.rss;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.earshot.api.Checkpoint;

/**
 * How far the reading of one feed got: the checkpoint position of its partition, a small JSON
 * object such as
 * {@code {"v":1,"etag":"\"5f1c\"","modified":"Fri, 20 Nov 2026 09:00:00 GMT","seen":"3f2a9c01b2d4.9a8b7c6d ..."}}.
 *
 * @param etag         the feed's last {@code ETag}, sent back as {@code If-None-Match}; or null
 * @param lastModified the feed's last {@code Last-Modified}, sent back as {@code If-Modified-Since}; or null
 * @param seen         the items seen recently (see {@link SeenItems})
 */
record FeedPosition(String etag, String lastModified, SeenItems seen) {

    static final FeedPosition START = new FeedPosition(null, null, SeenItems.EMPTY);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int VERSION = 1;
    /** Leaves room below the 64 KiB limit of a checkpoint position. */
    private static final int MAX_LENGTH = Checkpoint.MAX_POSITION_LENGTH - 4096;
    private static final int MAX_HEADER_LENGTH = 1024;

    FeedPosition {
        etag = header(etag);
        lastModified = header(lastModified);
        seen = seen == null ? SeenItems.EMPTY : seen;
    }

    FeedPosition withSeen(SeenItems seen) {
        return new FeedPosition(etag, lastModified, seen);
    }

    /** The position as checkpoint text, dropping the oldest seen items if it would be too long. */
    String encode() {
        SeenItems s = seen;
        while (true) {
            ObjectNode node = JSON.createObjectNode().put("v", VERSION);
            if (etag != null) {
                node.put("etag", etag);
            }
            if (lastModified != null) {
                node.put("modified", lastModified);
            }
            node.put("seen", s.encode());
            String text = node.toString();
            if (text.length() <= MAX_LENGTH || s.size() == 0) {
                return text;
            }
            s = s.trimmedTo(s.size() * 9 / 10);
        }
    }

    /** Reads a stored position; a position this version cannot read counts as the start. */
    static FeedPosition decode(String text) {
        if (text == null || text.isBlank()) {
            return START;
        }
        try {
            JsonNode n = JSON.readTree(text);
            if (n == null || !n.isObject() || n.path("v").asInt() != VERSION) {
                return START;
            }
            return new FeedPosition(n.path("etag").textValue(), n.path("modified").textValue(),
                    SeenItems.decode(n.path("seen").asText("")));
        } catch (JacksonException e) {
            return START;
        }
    }

    Checkpoint checkpoint(String feed) {
        return new Checkpoint(feed, encode());
    }

    private static String header(String value) {
        if (value == null || value.isBlank() || value.length() > MAX_HEADER_LENGTH) {
            return null;
        }
        return value.strip();
    }
}
