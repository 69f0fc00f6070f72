package io.earshot.plugins.mastodon;

import com.fasterxml.jackson.databind.JsonNode;
import io.earshot.api.Author;
import io.earshot.api.Engagement;
import io.earshot.api.Mention;
import io.earshot.api.Urls;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a Mastodon {@code Status} (as JSON) into a {@link Mention}.
 *
 * <ul>
 *   <li>The id derives from the status {@code uri}, its ActivityPub identity, which every instance
 *       shares: {@code mastodon:<hash of uri>}. The same federated status read on two instances is
 *       one mention.</li>
 *   <li>A boost (reblog) becomes its original status, with the booster in {@code extras.reblogBy},
 *       or is skipped, as configured.</li>
 *   <li>The reply parent ({@code in_reply_to_id}, an id local to the instance) becomes
 *       {@code parentId} when the parent's uri is known: the parent was collected before, or its
 *       author is local to the instance, which makes its uri predictable. Otherwise the local id is
 *       kept in {@code extras.inReplyToId}.</li>
 * </ul>
 *
 * Not thread-safe (it remembers the uris of recent statuses); used by the task thread only.
 */
final class StatusMapper {

    private static final int MAX_REMEMBERED = 50_000;
    private static final int MAX_TAGS = 50;
    private static final Pattern LOCAL_STATUS_URI = Pattern.compile("(https?://[^/]+)/users/([^/]+)/statuses/([^/?#]+)");
    private static final Pattern LANGUAGE = Pattern.compile("[a-zA-Z]{2,3}");

    private final boolean skipReblogs;
    /** "instance localId" → mention id, of statuses seen recently. */
    private final Lru<String, String> known = new Lru<>(MAX_REMEMBERED);

    StatusMapper(boolean skipReblogs) {
        this.skipReblogs = skipReblogs;
    }

    /** What became of one status. */
    sealed interface Result {
    }

    /** A mention, and the key under which its current version was seen (id and edit time). */
    record Mapped(Mention mention, String versionKey) implements Result {
    }

    /** A boost skipped by configuration. */
    record Skipped() implements Result {
    }

    /** A status without the fields a mention needs. */
    record Malformed(String reason) implements Result {
    }

    /**
     * Maps a status read from {@code instance}. Boosts are unwrapped here; the caller pages with
     * the outer status's id.
     */
    Result map(JsonNode status, String instance) {
        if (status == null || !status.isObject()) {
            return new Malformed("not a JSON object");
        }
        JsonNode reblog = status.path("reblog");
        if (reblog.isObject()) {
            remember(instance, status);
            if (skipReblogs) {
                return new Skipped();
            }
            return mapStatus(reblog, instance, acct(status.path("account"), instance));
        }
        return mapStatus(status, instance, null);
    }

    /** The mention id a status would get, or null without uri or url. */
    static String mentionIdOf(JsonNode status) {
        String identity = identity(status);
        return identity == null ? null : MastodonSource.PLATFORM + ":" + Urls.hash(identity);
    }

    /** The mention id of a status known by its id local to an instance, if it was seen recently. */
    String knownMentionId(String instance, String localId) {
        return known.get(instance + " " + localId);
    }

    private Result mapStatus(JsonNode s, String instance, String reblogBy) {
        String identity = identity(s);
        if (identity == null) {
            return new Malformed("status " + text(s, "id") + " has neither uri nor url");
        }
        String nativeId = Urls.hash(identity);
        remember(instance, s);
        JsonNode account = s.path("account");
        StatusHtml.Rendered content = StatusHtml.render(text(s, "content"));
        String spoiler = StatusHtml.oneLine(text(s, "spoiler_text"));
        String editedAt = text(s, "edited_at");
        String url = text(s, "url");
        if (url == null || Urls.parse(url) == null) {
            url = identity;
        }

        Mention.Builder b = Mention.builder()
                .platform(MastodonSource.PLATFORM)
                .nativeId(nativeId)
                .url(url)
                .title(spoiler)
                .text(content.text())
                .lang(language(text(s, "language")))
                .publishedAt(instant(text(s, "created_at")))
                .author(author(account, instance))
                .engagement(new Engagement(count(s, "favourites_count"), count(s, "reblogs_count"),
                        count(s, "replies_count"), null))
                .hashtags(tags(s))
                .mentions(mentioned(s, instance))
                .links(links(content.links(), s));

        String inReplyTo = text(s, "in_reply_to_id");
        String parentId = inReplyTo == null ? null : parentId(s, instance, inReplyTo);
        b.parentId(parentId);

        b.extra("instance", Instances.host(instance))
                .extra("statusId", text(s, "id"))
                .extra("uri", text(s, "uri"))
                .extra("visibility", text(s, "visibility"))
                .extra("editedAt", editedAt)
                .extra("reblogBy", reblogBy)
                .extra("quotesCount", count(s, "quotes_count"));
        if (s.path("sensitive").asBoolean(false)) {
            b.extra("sensitive", true);
        }
        if (inReplyTo != null && parentId == null) {
            b.extra("inReplyToId", inReplyTo);
        }
        if (account.path("bot").asBoolean(false)) {
            b.extra("authorBot", true);
        }
        int media = s.path("media_attachments").size();
        if (media > 0) {
            b.extra("mediaCount", media);
        }
        String card = text(s.path("card"), "url");
        if (card != null) {
            b.extra("cardUrl", card);
        }
        Mention mention = b.build();
        return new Mapped(mention, mention.id() + "|" + (editedAt == null ? "" : editedAt));
    }

    /** The uri (else url) identifying a status across instances. */
    private static String identity(JsonNode s) {
        String uri = text(s, "uri");
        if (uri != null) {
            return uri;
        }
        return text(s, "url");
    }

    private void remember(String instance, JsonNode s) {
        String id = text(s, "id");
        String mentionId = mentionIdOf(s.path("reblog").isObject() ? s.path("reblog") : s);
        if (id != null && mentionId != null) {
            known.put(instance + " " + id, mentionId);
        }
    }

    private String parentId(JsonNode s, String instance, String inReplyTo) {
        String seen = known.get(instance + " " + inReplyTo);
        if (seen != null) {
            return seen;
        }
        // a local parent on a Mastodon instance has the uri <origin>/users/<username>/statuses/<id>
        JsonNode account = s.path("account");
        String acct = text(account, "acct");
        String username = text(account, "username");
        String uri = text(s, "uri");
        if (acct == null || acct.contains("@") || username == null || uri == null) {
            return null;
        }
        Matcher m = LOCAL_STATUS_URI.matcher(uri);
        if (!m.matches() || !m.group(2).equalsIgnoreCase(username)) {
            return null;
        }
        String parentAccountId = text(s, "in_reply_to_account_id");
        String parentUsername = null;
        if (parentAccountId != null && parentAccountId.equals(text(account, "id"))) {
            parentUsername = username;
        } else if (parentAccountId != null) {
            for (JsonNode mentioned : s.path("mentions")) {
                String mAcct = text(mentioned, "acct");
                if (parentAccountId.equals(text(mentioned, "id")) && mAcct != null && !mAcct.contains("@")) {
                    parentUsername = text(mentioned, "username");
                }
            }
        }
        if (parentUsername == null) {
            return null;
        }
        return MastodonSource.PLATFORM + ":" + Urls.hash(m.group(1) + "/users/" + parentUsername + "/statuses/" + inReplyTo);
    }

    private static Author author(JsonNode account, String instance) {
        if (!account.isObject()) {
            return null;
        }
        String acct = acct(account, instance);
        String name = StatusHtml.oneLine(text(account, "display_name"));
        if (name == null) {
            name = text(account, "username");
        }
        String url = text(account, "url");
        Long followers = count(account, "followers_count");
        if (acct == null && name == null && url == null) {
            return null;
        }
        return new Author(acct, acct, name, url, followers, null);
    }

    /** {@code user@domain}: {@code acct} qualified with the instance's domain for local accounts. */
    private static String acct(JsonNode account, String instance) {
        String acct = text(account, "acct");
        if (acct == null) {
            return null;
        }
        acct = acct.startsWith("@") ? acct.substring(1) : acct;
        if (acct.contains("@")) {
            return acct;
        }
        String url = text(account, "url");
        java.net.URI u = url == null ? null : Urls.parse(url);
        String domain = u != null && u.getHost() != null ? u.getHost() : Instances.host(instance);
        return acct + "@" + domain.toLowerCase(Locale.ROOT);
    }

    private static List<String> tags(JsonNode s) {
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode tag : s.path("tags")) {
            String name = text(tag, "name");
            if (name != null && out.size() < MAX_TAGS) {
                out.add(name.toLowerCase(Locale.ROOT));
            }
        }
        return List.copyOf(out);
    }

    private static List<String> mentioned(JsonNode s, String instance) {
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode m : s.path("mentions")) {
            String acct = acct(m, instance);
            if (acct != null && out.size() < MAX_TAGS) {
                out.add(acct);
            }
        }
        return List.copyOf(out);
    }

    private static List<String> links(List<String> fromContent, JsonNode s) {
        List<String> out = new ArrayList<>();
        for (String link : fromContent) {
            String clean = Urls.resolve(link, null);
            if (clean != null && !out.contains(clean)) {
                out.add(clean);
            }
        }
        String card = Urls.resolve(text(s.path("card"), "url"), null);
        if (card != null && !out.contains(card)) {
            out.add(card);
        }
        return out;
    }

    static String language(String lang) {
        if (lang == null) {
            return null;
        }
        String primary = lang.strip().split("[-_]")[0];
        return LANGUAGE.matcher(primary).matches() ? primary.toLowerCase(Locale.ROOT) : null;
    }

    static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    private static Long count(JsonNode node, String field) {
        JsonNode n = node.path(field);
        if (!n.canConvertToLong()) {
            return null;
        }
        long v = n.asLong();
        return v < 0 ? null : v;
    }

    static String text(JsonNode node, String field) {
        JsonNode n = node.path(field);
        if (n.isNull() || n.isMissingNode() || n.isContainerNode()) {
            return null;
        }
        String s = n.asText();
        return s.isBlank() ? null : s;
    }
}
