package io.earshot.plugins.x;

import com.fasterxml.jackson.databind.JsonNode;
import io.earshot.api.Author;
import io.earshot.api.Engagement;
import io.earshot.api.Mention;
import io.earshot.api.Urls;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns one page of recent-search results ({@code data} with its {@code includes}) into mentions.
 *
 * <ul>
 *   <li>A post's mention id is its <em>original</em> id ({@code edit_history_tweet_ids[0]}), so an
 *       edited post overwrites the version collected before; an outdated version is skipped when
 *       its latest version is on the same page.</li>
 *   <li>The text is the full text ({@code note_tweet} for long posts, the reposted post's text for
 *       reposts, which X truncates), with t.co links expanded and X's {@code &amp;}, {@code &lt;},
 *       {@code &gt;} decoded.</li>
 *   <li>The parent is the post replied to, else the post quoted, else the post reposted.</li>
 *   <li>An author X does not include (deleted, suspended, withheld) is known by id only.</li>
 * </ul>
 */
final class PostMapper {

    static final String PLATFORM = "x";
    private static final Set<String> NO_LANGUAGE = Set.of("und", "zxx", "qam", "qct", "qht", "qme", "qst", "art");
    private static final Map<String, String> OLD_CODES = Map.of("in", "id", "iw", "he", "ji", "yi");

    private final Map<String, JsonNode> users = new HashMap<>();
    private final Map<String, JsonNode> included = new HashMap<>();
    private final Map<String, JsonNode> places = new HashMap<>();
    private final Map<String, String> problems = new HashMap<>();
    private final Set<String> pageIds = new HashSet<>();
    private final String query;

    private PostMapper(JsonNode page, String query) {
        this.query = query;
        JsonNode includes = page.path("includes");
        includes.path("users").forEach(u -> put(users, u));
        includes.path("tweets").forEach(t -> put(included, t));
        includes.path("places").forEach(p -> put(places, p));
        for (JsonNode e : page.path("errors")) {
            String id = text(e, "resource_id");
            String detail = text(e, "detail");
            if (id != null && detail != null) {
                problems.put(id, detail);
            }
        }
        page.path("data").forEach(p -> {
            String id = text(p, "id");
            if (id != null) {
                pageIds.add(id);
            }
        });
    }

    /**
     * One post as a mention.
     *
     * @param mention  the mention
     * @param version  the id of this version of the post
     * @param original the id of its first version (the mention's native id)
     */
    record Post(Mention mention, String version, String original) {

        boolean edited() {
            return !version.equals(original);
        }
    }

    /** The page's posts as mentions, in the page's order; malformed posts are left out. */
    static List<Post> map(JsonNode page, String query) {
        PostMapper mapper = new PostMapper(page, query);
        List<Post> out = new ArrayList<>();
        for (JsonNode post : page.path("data")) {
            Post p = mapper.post(post);
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    private Post post(JsonNode post) {
        String id = text(post, "id");
        if (!PostIds.isId(id)) {
            return null;
        }
        List<String> history = new ArrayList<>();
        post.path("edit_history_tweet_ids").forEach(h -> {
            if (h.isTextual() && PostIds.isId(h.asText())) {
                history.add(h.asText());
            }
        });
        String original = history.isEmpty() ? id : history.getFirst();
        String latest = history.isEmpty() ? id : history.getLast();
        if (!latest.equals(id) && pageIds.contains(latest)) {
            return null; // an earlier version of a post whose edit is on this page
        }
        String authorId = text(post, "author_id");
        JsonNode user = authorId == null ? null : users.get(authorId);
        String username = user == null ? null : text(user, "username");

        Map<String, String> refs = new HashMap<>();
        for (JsonNode r : post.path("referenced_tweets")) {
            String type = text(r, "type");
            String refId = text(r, "id");
            if (type != null && refId != null) {
                refs.putIfAbsent(type, refId);
            }
        }
        String parent = refs.getOrDefault("replied_to", refs.getOrDefault("quoted", refs.get("retweeted")));

        Set<String> hashtags = new LinkedHashSet<>();
        Set<String> mentions = new LinkedHashSet<>();
        Set<String> links = new LinkedHashSet<>();
        String text = fullText(post, hashtags, mentions, links);
        JsonNode reposted = refs.containsKey("retweeted") ? included.get(refs.get("retweeted")) : null;
        if (reposted != null && text != null && text.startsWith("RT @") && text.contains(": ")) {
            // X cuts reposts to 140 characters: show the whole reposted post after "RT @user: "
            String whole = fullText(reposted, hashtags, mentions, links);
            if (whole != null) {
                text = text.substring(0, text.indexOf(": ") + 2) + whole;
            }
        }

        JsonNode metrics = post.path("public_metrics");
        Mention.Builder b = Mention.builder()
                .platform(PLATFORM)
                .nativeId(original)
                .url(username != null ? "https://x.com/" + username + "/status/" + id : "https://x.com/i/status/" + id)
                .text(text)
                .lang(language(text(post, "lang")))
                .publishedAt(instant(text(post, "created_at")))
                .author(author(authorId, user))
                .engagement(new Engagement(count(metrics, "like_count"), count(metrics, "retweet_count"),
                        count(metrics, "reply_count"), count(metrics, "impression_count")))
                .parentId(parent == null ? null : PLATFORM + ":" + parent)
                .country(country(post))
                .hashtags(List.copyOf(hashtags))
                .mentions(List.copyOf(mentions))
                .links(List.copyOf(links))
                .extra("query", query)
                .extra("conversationId", text(post, "conversation_id"))
                .extra("replyTo", refs.get("replied_to"))
                .extra("quoteOf", refs.get("quoted"))
                .extra("repostOf", refs.get("retweeted"))
                .extra("inReplyToUserId", text(post, "in_reply_to_user_id"))
                .extra("quoteCount", count(metrics, "quote_count"))
                .extra("bookmarkCount", count(metrics, "bookmark_count"));
        if (history.size() > 1) {
            b.extra("editHistory", List.copyOf(history));
        }
        if (post.path("possibly_sensitive").asBoolean(false)) {
            b.extra("possiblySensitive", true);
        }
        List<String> withheld = new ArrayList<>();
        post.path("withheld").path("country_codes").forEach(c -> withheld.add(c.asText()));
        if (!withheld.isEmpty()) {
            b.extra("withheldIn", withheld);
        }
        if (authorId != null && user == null) {
            b.extra("authorUnavailable", problems.getOrDefault(authorId, "X did not include the author"));
        }
        return new Post(b.build(), id, original);
    }

    /** The post's whole text with links expanded; collects its hashtags, mentions and links on the way. */
    private static String fullText(JsonNode post, Set<String> hashtags, Set<String> mentions, Set<String> links) {
        JsonNode note = post.path("note_tweet");
        boolean long_ = note.hasNonNull("text");
        String text = long_ ? note.get("text").asText() : text(post, "text");
        JsonNode entities = long_ && note.has("entities") ? note.path("entities") : post.path("entities");
        for (JsonNode h : entities.path("hashtags")) {
            String tag = text(h, "tag");
            if (tag != null) {
                hashtags.add(tag.toLowerCase(Locale.ROOT));
            }
        }
        for (JsonNode m : entities.path("mentions")) {
            String name = text(m, "username");
            if (name != null) {
                mentions.add(name);
            }
        }
        if (text == null) {
            return null;
        }
        for (JsonNode u : entities.path("urls")) {
            String shortUrl = text(u, "url");
            String expanded = text(u, "unwound_url") != null ? text(u, "unwound_url") : text(u, "expanded_url");
            if (shortUrl == null || expanded == null) {
                continue;
            }
            text = text.replace(shortUrl, expanded);
            String link = Urls.resolve(expanded, null);
            if (link != null && !u.has("media_key")) {
                links.add(link);
            }
        }
        // X escapes these three characters, and only these, in post text
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    private Author author(String id, JsonNode user) {
        if (user == null) {
            return id == null ? null : new Author(id, null, null, null, null, null);
        }
        String username = text(user, "username");
        Boolean verified = user.has("verified") && user.get("verified").isBoolean() ? user.get("verified").asBoolean()
                : null;
        return new Author(id, username, text(user, "name"), username == null ? null : "https://x.com/" + username,
                count(user.path("public_metrics"), "followers_count"), verified);
    }

    private String country(JsonNode post) {
        String placeId = text(post.path("geo"), "place_id");
        JsonNode place = placeId == null ? null : places.get(placeId);
        return place == null ? null : text(place, "country_code");
    }

    /** "en" → "en", "in" → "id"; null for X's "und" and its pseudo-languages (qme: media only...). */
    static String language(String code) {
        if (code == null) {
            return null;
        }
        String l = code.strip().toLowerCase(Locale.ROOT).replace('_', '-').split("-")[0];
        if (NO_LANGUAGE.contains(l) || !l.matches("[a-z]{2,3}")) {
            return null;
        }
        return OLD_CODES.getOrDefault(l, l);
    }

    private static Long count(JsonNode metrics, String field) {
        JsonNode v = metrics.get(field);
        return v != null && v.canConvertToLong() && v.asLong() >= 0 ? v.asLong() : null;
    }

    private static Instant instant(String s) {
        try {
            return s == null ? null : Instant.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static void put(Map<String, JsonNode> map, JsonNode node) {
        String id = text(node, "id");
        if (id != null) {
            map.put(id, node);
        }
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || !v.isValueNode() || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }
}
