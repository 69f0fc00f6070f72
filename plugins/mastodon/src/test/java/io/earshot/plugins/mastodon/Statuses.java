package io.earshot.plugins.mastodon;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** Small, realistic Mastodon statuses for tests that need many of them. */
final class Statuses {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Statuses() {
    }

    /** The snowflake id Mastodon gives a status created at {@code at}. */
    static String id(Instant at, int seq) {
        return Long.toString((at.toEpochMilli() << 16) | seq);
    }

    /** A public status by a local account of mastodon.example, created at {@code at}. */
    static ObjectNode local(Instant at, int seq, String text) {
        String id = id(at, seq);
        return status(id, at, "https://mastodon.example/users/anna/statuses/" + id, text);
    }

    /** A status with the given id and ActivityPub uri (the same uri on two instances is the same status). */
    static ObjectNode status(String id, Instant at, String uri, String text) {
        ObjectNode s = JSON.createObjectNode();
        s.put("id", id).put("created_at", at.toString()).putNull("in_reply_to_id").putNull("in_reply_to_account_id")
                .put("sensitive", false).put("spoiler_text", "").put("visibility", "public").put("language", "en")
                .put("uri", uri).put("url", uri.replace("/users/", "/@").replace("/statuses/", "/"))
                .put("replies_count", 0).put("reblogs_count", 0).put("favourites_count", 1).putNull("edited_at")
                .put("content", "<p>" + text + "</p>").putNull("reblog");
        ObjectNode account = s.putObject("account");
        account.put("id", "109876").put("username", "anna").put("acct", "anna").put("display_name", "Anna")
                .put("url", "https://mastodon.example/@anna").put("followers_count", 1532).put("bot", false);
        s.putArray("media_attachments");
        s.putArray("mentions");
        s.putArray("tags").addObject().put("name", "opensource").put("url", "https://mastodon.example/tags/opensource");
        s.putNull("card");
        s.putNull("poll");
        return s;
    }
}
