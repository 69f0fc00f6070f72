package io.earshot.plugins.bluesky;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What an {@code app.bsky.feed.post} record says, read leniently: records are written by any
 * client, so every field may be missing or odd.
 *
 * <p>Facets mark byte ranges of the UTF-8 text: {@code #tag} features give hashtags,
 * {@code #mention} features a DID (the handle is the marked text), {@code #link} features the full
 * URL of a link whose text is often shortened.
 *
 * @param text          the post's text, or null
 * @param tags          hashtags from facets and the record's {@code tags}, without {@code #}, as written
 * @param mentions      mentioned handles (without {@code @}), from the text marked by mention facets
 * @param links         full URLs of link facets and of the link card
 * @param langs         the declared languages (BCP 47 tags)
 * @param cardTitle     the title of the link card ({@code app.bsky.embed.external}), or null
 * @param embedType     the embed's {@code $type}, or null
 * @param quotedUri     the {@code at://} address of a quoted post, or null
 * @param parentUri     the {@code at://} address of the post this one replies to, or null
 * @param rootUri       the {@code at://} address of the thread's first post, or null
 * @param createdAt     the record's {@code createdAt}, as written, or null
 * @param selfLabels    the author's own content labels (such as {@code nudity}), if any
 */
record PostContent(String text, List<String> tags, List<String> mentions, List<String> links, List<String> langs,
                   String cardTitle, String embedType, String quotedUri, String parentUri, String rootUri,
                   String createdAt, List<String> selfLabels) {

    private static final int MAX_ITEMS = 50;

    PostContent {
        tags = List.copyOf(tags);
        mentions = List.copyOf(mentions);
        links = List.copyOf(links);
        langs = List.copyOf(langs);
        selfLabels = List.copyOf(selfLabels);
    }

    static PostContent of(JsonNode record) {
        String text = text(record, "text");
        byte[] utf8 = text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
        Set<String> tags = new LinkedHashSet<>();
        Set<String> mentions = new LinkedHashSet<>();
        Set<String> links = new LinkedHashSet<>();
        for (JsonNode facet : record.path("facets")) {
            for (JsonNode feature : facet.path("features")) {
                String type = text(feature, "$type");
                if (type == null) {
                    continue;
                }
                switch (type) {
                    case "app.bsky.richtext.facet#tag" -> add(tags, stripHash(text(feature, "tag")));
                    case "app.bsky.richtext.facet#link" -> add(links, text(feature, "uri"));
                    case "app.bsky.richtext.facet#mention" -> {
                        String marked = slice(utf8, facet.path("index"));
                        if (marked != null && marked.startsWith("@") && marked.length() > 1) {
                            add(mentions, marked.substring(1).toLowerCase(Locale.ROOT));
                        } else {
                            add(mentions, text(feature, "did"));
                        }
                    }
                    default -> {
                        // other features (bold text in some clients) carry nothing to collect
                    }
                }
            }
        }
        for (JsonNode tag : record.path("tags")) {
            if (tag.isTextual()) {
                add(tags, stripHash(tag.asText()));
            }
        }
        List<String> langs = new ArrayList<>();
        for (JsonNode l : record.path("langs")) {
            if (l.isTextual() && !l.asText().isBlank() && langs.size() < 5) {
                langs.add(l.asText().strip());
            }
        }
        JsonNode embed = record.path("embed");
        String embedType = text(embed, "$type");
        JsonNode external = embed.path("external");
        if (external.isMissingNode()) {
            external = embed.path("media").path("external");
        }
        String cardTitle = text(external, "title");
        add(links, text(external, "uri"));
        String quoted = text(embed.path("record"), "uri");
        if (quoted == null) {
            quoted = text(embed.path("record").path("record"), "uri");
        }
        List<String> selfLabels = new ArrayList<>();
        for (JsonNode v : record.path("labels").path("values")) {
            String val = text(v, "val");
            if (val != null && selfLabels.size() < 10) {
                selfLabels.add(val);
            }
        }
        return new PostContent(text, bounded(tags), bounded(mentions), bounded(links), langs, cardTitle, embedType,
                quoted, text(record.path("reply").path("parent"), "uri"), text(record.path("reply").path("root"), "uri"),
                text(record, "createdAt"), selfLabels);
    }

    /** The primary language subtag of the first declared language ({@code en} for {@code en-US}), or null. */
    String language() {
        for (String l : langs) {
            String primary = l.split("[-_]")[0];
            if (primary.matches("[A-Za-z]{2,3}")) {
                return primary.toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    /** Text other than the post's own that a keyword may appear in: the link card's title and the links. */
    List<String> extraText() {
        List<String> out = new ArrayList<>(links);
        if (cardTitle != null) {
            out.add(cardTitle);
        }
        return out;
    }

    /** The text between two byte offsets of the UTF-8 text, or null when the offsets are out of range. */
    private static String slice(byte[] utf8, JsonNode index) {
        int start = index.path("byteStart").asInt(-1);
        int end = index.path("byteEnd").asInt(-1);
        if (start < 0 || end <= start || end > utf8.length) {
            return null;
        }
        return new String(utf8, start, end - start, StandardCharsets.UTF_8);
    }

    private static String stripHash(String tag) {
        if (tag == null) {
            return null;
        }
        String t = tag.strip();
        while (t.startsWith("#")) {
            t = t.substring(1);
        }
        return t.isEmpty() ? null : t;
    }

    private static void add(Set<String> set, String value) {
        if (value != null && !value.isBlank() && set.size() < MAX_ITEMS) {
            set.add(value.strip());
        }
    }

    private static List<String> bounded(Set<String> set) {
        return List.copyOf(set);
    }

    static String text(JsonNode node, String field) {
        JsonNode n = node.path(field);
        if (!n.isTextual()) {
            return null;
        }
        String s = n.asText();
        return s.isBlank() ? null : s;
    }
}
