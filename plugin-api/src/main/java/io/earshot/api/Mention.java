package io.earshot.api;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One post, comment, article or video that a source collected: the document Earshot stores.
 *
 * <p>Sources fill what the platform tells them (platform, native id, url, title, text, language
 * if declared, publication time, author, engagement, parent, country, extras). The server fills
 * the rest: {@code workspace}, {@code source}, {@code sourceId}, {@code collectedAt}, and the
 * enrichment fields ({@code lang} when the source did not declare it, {@code hashtags},
 * {@code mentions}, {@code links}, {@code domains}, {@code sentiment}, {@code topics},
 * {@code duplicateOf}, {@code reach}).
 *
 * <p>The {@code id} is deterministic, {@code <platform>:<native id>}, so collecting the same item
 * again overwrites the stored document instead of duplicating it. Build mentions with
 * {@link #builder()}.
 *
 * @param id          {@code <platform>:<native id>}, e.g. {@code reddit:t3_1abcd}
 * @param workspace   the workspace that owns the source (set by the server)
 * @param source      the source plugin type, e.g. {@code rss} (set by the server)
 * @param sourceId    the configured source instance (set by the server)
 * @param platform    where the mention was published: {@code reddit}, {@code telegram}, {@code web}...
 * @param url         the canonical link to the original
 * @param title       the title, for items that have one (articles, videos, Reddit posts)
 * @param text        plain text; never HTML
 * @param lang        ISO 639-1 language code
 * @param langConfidence how sure the language stage is of {@code lang}, 0 to 1 ({@code null} when
 *                    the source declared it)
 * @param publishedAt when the author published it; decides the monthly index it is stored in
 * @param collectedAt when Earshot collected it (set by the server)
 * @param author      who wrote it
 * @param engagement  reactions at collection time
 * @param reach       how many people it could have reached (set by the server's reach stage)
 * @param engagementRate interactions per person reached, when reach is known
 * @param influence   the author's influence score, 0 to 100 (set by the reach stage)
 * @param hashtags    hashtags without {@code #}, lower case
 * @param mentions    mentioned handles without {@code @}
 * @param cashtags    ticker symbols without {@code $}, upper case
 * @param emoji       emoji used, in order of first use
 * @param links       canonical URLs linked from the text
 * @param domains     the domains of {@code url} and {@code links}
 * @param sentiment   tone, or {@code null} when not (yet) known
 * @param topics      ids of the workspace topics it matches
 * @param duplicateOf id of the mention this one repeats (syndication, reposts)
 * @param storyId     id of the cluster of near-identical mentions this one belongs to
 * @param spam        flagged as spam (e.g. flooding), when the noise stage decided
 * @param parentId    id of the mention this one replies to or comments on
 * @param country     ISO 3166-1 alpha-2 country code, when the platform tells
 * @param extras      platform-specific values, stored but not indexed
 */
public record Mention(
        String id,
        String workspace,
        String source,
        String sourceId,
        String platform,
        String url,
        String title,
        String text,
        String lang,
        Double langConfidence,
        Instant publishedAt,
        Instant collectedAt,
        Author author,
        Engagement engagement,
        Long reach,
        Double engagementRate,
        Double influence,
        List<String> hashtags,
        List<String> mentions,
        List<String> cashtags,
        List<String> emoji,
        List<String> links,
        List<String> domains,
        Sentiment sentiment,
        List<String> topics,
        String duplicateOf,
        String storyId,
        Boolean spam,
        String parentId,
        String country,
        Map<String, Object> extras) {

    /** Longest native id accepted; longer ids are a source bug, not data. */
    public static final int MAX_ID_LENGTH = 512;

    public Mention {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(platform, "platform");
        if (platform.isBlank() || platform.indexOf(':') >= 0) {
            throw new IllegalArgumentException("platform must be a non-blank name without ':': '" + platform + "'");
        }
        if (!id.startsWith(platform + ":") || id.length() == platform.length() + 1) {
            throw new IllegalArgumentException("mention id must be '<platform>:<native id>': '" + id + "'");
        }
        if (id.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException("mention id is longer than " + MAX_ID_LENGTH + " characters");
        }
        hashtags = copy(hashtags);
        mentions = copy(mentions);
        cashtags = copy(cashtags);
        emoji = copy(emoji);
        links = copy(links);
        domains = copy(domains);
        topics = copy(topics);
        extras = extras == null || extras.isEmpty()
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(extras));
    }

    /** The part of {@link #id()} after {@code <platform>:}. */
    public String nativeId() {
        return id.substring(platform.length() + 1);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this mention's values, to derive a changed copy. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    private static List<String> copy(List<String> list) {
        if (list == null || list.isEmpty()) {
            return List.of();
        }
        return list.stream().filter(Objects::nonNull).toList();
    }

    /** Builds a {@link Mention}; set either {@link #id(String)} or {@link #platform}+{@link #nativeId}. */
    public static final class Builder {
        private String id;
        private String nativeId;
        private String workspace;
        private String source;
        private String sourceId;
        private String platform;
        private String url;
        private String title;
        private String text;
        private String lang;
        private Double langConfidence;
        private Instant publishedAt;
        private Instant collectedAt;
        private Author author;
        private Engagement engagement;
        private Long reach;
        private Double engagementRate;
        private Double influence;
        private List<String> hashtags;
        private List<String> mentions;
        private List<String> cashtags;
        private List<String> emoji;
        private List<String> links;
        private List<String> domains;
        private Sentiment sentiment;
        private List<String> topics;
        private String duplicateOf;
        private String storyId;
        private Boolean spam;
        private String parentId;
        private String country;
        private Map<String, Object> extras;

        private Builder() {
        }

        private Builder(Mention m) {
            id = m.id;
            workspace = m.workspace;
            source = m.source;
            sourceId = m.sourceId;
            platform = m.platform;
            url = m.url;
            title = m.title;
            text = m.text;
            lang = m.lang;
            langConfidence = m.langConfidence;
            publishedAt = m.publishedAt;
            collectedAt = m.collectedAt;
            author = m.author;
            engagement = m.engagement;
            reach = m.reach;
            engagementRate = m.engagementRate;
            influence = m.influence;
            hashtags = m.hashtags;
            mentions = m.mentions;
            cashtags = m.cashtags;
            emoji = m.emoji;
            links = m.links;
            domains = m.domains;
            sentiment = m.sentiment;
            topics = m.topics;
            duplicateOf = m.duplicateOf;
            storyId = m.storyId;
            spam = m.spam;
            parentId = m.parentId;
            country = m.country;
            extras = m.extras;
        }

        /** The platform's own id of the item; the mention id becomes {@code <platform>:<nativeId>}. */
        public Builder nativeId(String nativeId) {
            this.nativeId = nativeId;
            this.id = null;
            return this;
        }

        /** The full id, {@code <platform>:<native id>}. Prefer {@link #nativeId(String)}. */
        public Builder id(String id) {
            this.id = id;
            this.nativeId = null;
            return this;
        }

        public Builder workspace(String workspace) {
            this.workspace = workspace;
            return this;
        }

        public Builder source(String source) {
            this.source = source;
            return this;
        }

        public Builder sourceId(String sourceId) {
            this.sourceId = sourceId;
            return this;
        }

        public Builder platform(String platform) {
            this.platform = platform;
            return this;
        }

        public Builder url(String url) {
            this.url = url;
            return this;
        }

        public Builder title(String title) {
            this.title = title;
            return this;
        }

        public Builder text(String text) {
            this.text = text;
            return this;
        }

        public Builder lang(String lang) {
            this.lang = lang;
            return this;
        }

        public Builder langConfidence(Double langConfidence) {
            this.langConfidence = langConfidence;
            return this;
        }

        public Builder publishedAt(Instant publishedAt) {
            this.publishedAt = publishedAt;
            return this;
        }

        public Builder collectedAt(Instant collectedAt) {
            this.collectedAt = collectedAt;
            return this;
        }

        public Builder author(Author author) {
            this.author = author;
            return this;
        }

        public Builder engagement(Engagement engagement) {
            this.engagement = engagement;
            return this;
        }

        public Builder reach(Long reach) {
            this.reach = reach;
            return this;
        }

        public Builder engagementRate(Double engagementRate) {
            this.engagementRate = engagementRate;
            return this;
        }

        public Builder influence(Double influence) {
            this.influence = influence;
            return this;
        }

        public Builder cashtags(List<String> cashtags) {
            this.cashtags = cashtags;
            return this;
        }

        public Builder emoji(List<String> emoji) {
            this.emoji = emoji;
            return this;
        }

        public Builder hashtags(List<String> hashtags) {
            this.hashtags = hashtags;
            return this;
        }

        public Builder mentions(List<String> mentions) {
            this.mentions = mentions;
            return this;
        }

        public Builder links(List<String> links) {
            this.links = links;
            return this;
        }

        public Builder domains(List<String> domains) {
            this.domains = domains;
            return this;
        }

        public Builder sentiment(Sentiment sentiment) {
            this.sentiment = sentiment;
            return this;
        }

        public Builder topics(List<String> topics) {
            this.topics = topics;
            return this;
        }

        public Builder duplicateOf(String duplicateOf) {
            this.duplicateOf = duplicateOf;
            return this;
        }

        public Builder storyId(String storyId) {
            this.storyId = storyId;
            return this;
        }

        public Builder spam(Boolean spam) {
            this.spam = spam;
            return this;
        }

        public Builder parentId(String parentId) {
            this.parentId = parentId;
            return this;
        }

        public Builder country(String country) {
            this.country = country;
            return this;
        }

        public Builder extras(Map<String, Object> extras) {
            this.extras = extras;
            return this;
        }

        /** Adds one platform-specific value to {@link Mention#extras()}. */
        public Builder extra(String key, Object value) {
            if (value != null) {
                LinkedHashMap<String, Object> copy = extras == null ? new LinkedHashMap<>() : new LinkedHashMap<>(extras);
                copy.put(key, value);
                extras = copy;
            }
            return this;
        }

        public Mention build() {
            String resolvedId = id;
            if (resolvedId == null) {
                if (nativeId == null || nativeId.isBlank()) {
                    throw new IllegalStateException("a mention needs a native id (or a full id)");
                }
                resolvedId = platform + ":" + nativeId;
            }
            return new Mention(resolvedId, workspace, source, sourceId, platform, url, title, text, lang,
                    langConfidence, publishedAt, collectedAt, author, engagement, reach, engagementRate, influence,
                    hashtags, mentions, cashtags, emoji, links, domains, sentiment, topics, duplicateOf, storyId, spam,
                    parentId, country, extras);
        }
    }
}
