package io.earshot.plugins.youtube;

import com.fasterxml.jackson.databind.JsonNode;
import io.earshot.api.Author;
import io.earshot.api.Engagement;
import io.earshot.api.Mention;
import io.earshot.plugins.youtube.ChannelDirectory.ChannelInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Turns YouTube videos and comments into mentions. Stateless. */
final class MentionMapper {

    static final String PLATFORM = "youtube";
    private static final int MAX_TAGS = 20;
    private static final String WATCH = "https://www.youtube.com/watch?v=";
    private static final String CHANNEL = "https://www.youtube.com/channel/";

    private MentionMapper() {
    }

    /** The id of a search result's video, or null when the item is not a video or malformed. */
    static String videoId(JsonNode searchItem) {
        JsonNode id = searchItem.path("id");
        if (id.isTextual()) {
            return id.asText().isBlank() ? null : id.asText();
        }
        String kind = Text.string(id, "kind");
        if (kind != null && !kind.equals("youtube#video")) {
            return null;
        }
        return Text.string(id, "videoId");
    }

    /**
     * A video as a mention.
     *
     * @param videoId    its id
     * @param details    its {@code videos.list} item, or null when YouTube no longer returns it (deleted,
     *                   made private): the search result is used instead
     * @param searchItem its search result, or null
     * @param channel    its channel, or null when unknown
     * @param query      the query that found it
     */
    static Mention video(String videoId, JsonNode details, JsonNode searchItem, ChannelInfo channel, String query) {
        boolean partial = details == null;
        JsonNode snippet = partial ? searchItem.path("snippet") : details.path("snippet");
        // search results carry HTML character references in titles and descriptions; videos.list does not
        String title = partial ? Text.unescapeHtml(Text.string(snippet, "title")) : Text.string(snippet, "title");
        String description = partial ? Text.unescapeHtml(Text.string(snippet, "description"))
                : Text.string(snippet, "description");
        String channelId = Text.string(snippet, "channelId");
        String lang = Text.language(Text.string(snippet, "defaultLanguage"));
        if (lang == null) {
            lang = Text.language(Text.string(snippet, "defaultAudioLanguage"));
        }
        Mention.Builder b = Mention.builder()
                .platform(PLATFORM)
                .nativeId(videoId)
                .url(WATCH + videoId)
                .title(title)
                .text(description)
                .lang(lang)
                .publishedAt(Text.instant(snippet.get("publishedAt")))
                .author(channelAuthor(channelId, Text.string(snippet, "channelTitle"), channel))
                .engagement(partial ? Engagement.NONE : engagement(details.path("statistics")))
                .country(channel == null ? null : channel.country())
                .extra("kind", "video")
                .extra("channelId", channelId)
                .extra("query", query);
        if (!partial) {
            List<String> tags = new ArrayList<>();
            for (JsonNode t : snippet.path("tags")) {
                if (t.isTextual() && tags.size() < MAX_TAGS) {
                    tags.add(t.asText());
                }
            }
            if (!tags.isEmpty()) {
                b.extra("tags", tags);
            }
            b.extra("categoryId", Text.string(snippet, "categoryId"))
                    .extra("duration", Text.string(details.path("contentDetails"), "duration"))
                    .extra("audioLanguage", Text.string(snippet, "defaultAudioLanguage"));
        } else {
            b.extra("detailsUnavailable", true);
        }
        String live = Text.string(snippet, "liveBroadcastContent");
        if (live != null && !live.equals("none")) {
            b.extra("live", live);
        }
        b.extra("thumbnail", thumbnail(snippet.path("thumbnails")));
        return b.build();
    }

    /**
     * A comment as a mention: a top-level comment's parent is its video, a reply's parent the
     * comment it answers.
     *
     * @param comment       the {@code youtube#comment} resource
     * @param threadVideoId the video of its thread, or null
     * @param threadChannel the channel of its thread, or null
     * @param replies       for a top-level comment, its number of replies; null for a reply
     */
    static Mention comment(JsonNode comment, String threadVideoId, String threadChannel, Long replies) {
        String id = Text.string(comment, "id");
        JsonNode s = comment.path("snippet");
        String videoId = Text.string(s, "videoId");
        if (videoId == null) {
            videoId = threadVideoId;
        }
        String parentComment = Text.string(s, "parentId");
        String text = Text.string(s, "textDisplay");
        if (text == null) {
            text = Text.string(s, "textOriginal");
        }
        Instant published = Text.instant(s.get("publishedAt"));
        Instant updated = Text.instant(s.get("updatedAt"));
        String parentId = parentComment != null ? PLATFORM + ":" + parentComment
                : videoId != null ? PLATFORM + ":" + videoId : null;
        Mention.Builder b = Mention.builder()
                .platform(PLATFORM)
                .nativeId(id)
                .url(videoId == null ? null : WATCH + videoId + "&lc=" + id)
                .text(Text.unescapeHtml(text))
                .publishedAt(published)
                .author(commentAuthor(s))
                .engagement(new Engagement(Text.count(s.get("likeCount")), null, replies, null))
                .parentId(parentId)
                .extra("kind", parentComment != null ? "reply" : "comment")
                .extra("videoId", videoId)
                .extra("channelId", threadChannel);
        if (updated != null && published != null && updated.isAfter(published)) {
            b.extra("editedAt", updated.toString());
        }
        return b.build();
    }

    private static Author channelAuthor(String channelId, String channelTitle, ChannelInfo channel) {
        if (channelId == null && channelTitle == null) {
            return null;
        }
        String name = channelTitle != null ? channelTitle : channel == null ? null : channel.title();
        return new Author(channelId, channel == null ? null : channel.handle(), name,
                channelId == null ? null : CHANNEL + channelId, channel == null ? null : channel.subscribers(), null);
    }

    /** Comment authors: a deleted account may have no channel id; names are now often the @handle. */
    private static Author commentAuthor(JsonNode s) {
        String channelId = Text.string(s.path("authorChannelId"), "value");
        String name = Text.string(s, "authorDisplayName");
        if (channelId == null && name == null) {
            return null;
        }
        String handle = name != null && name.startsWith("@") ? name : null;
        String url = channelId != null ? CHANNEL + channelId : Text.string(s, "authorChannelUrl");
        return new Author(channelId, handle, name, url, null, null);
    }

    private static Engagement engagement(JsonNode stats) {
        if (stats.isMissingNode() || stats.isNull()) {
            return Engagement.NONE;
        }
        return new Engagement(Text.count(stats.get("likeCount")), null, Text.count(stats.get("commentCount")),
                Text.count(stats.get("viewCount")));
    }

    private static String thumbnail(JsonNode thumbnails) {
        for (String size : List.of("high", "medium", "default")) {
            String url = Text.string(thumbnails.path(size), "url");
            if (url != null) {
                return url;
            }
        }
        return null;
    }
}
