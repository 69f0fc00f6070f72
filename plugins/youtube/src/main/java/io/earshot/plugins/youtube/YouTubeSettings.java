package io.earshot.plugins.youtube;

import io.earshot.api.config.Config;
import io.earshot.api.config.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The configuration of one YouTube source, read from its validated {@link Config}.
 *
 * @param apiKey            the API key
 * @param queries           search queries; each is the partition {@code search:<query>}
 * @param channels          channels whose comments are collected; each is the partition {@code channel:<key>}
 * @param videoComments     whether the comments on found videos are followed
 * @param commentWindow     for how long after finding a video
 * @param maxTrackedVideos  most videos followed at once
 * @param regionCode        search region (upper case), or null
 * @param relevanceLanguage preferred language, or null
 * @param initialLookback   how far back the first search and comment read go
 * @param maxSearchPages    most pages per search
 * @param dailyQuota        the project's daily quota in units
 * @param quotaReserve      units never used
 * @param apiBaseUrl        base address of the API
 */
record YouTubeSettings(Secret apiKey, List<String> queries, List<ChannelRef> channels, boolean videoComments,
                       Duration commentWindow, int maxTrackedVideos, String regionCode, String relevanceLanguage,
                       Duration initialLookback, int maxSearchPages, int dailyQuota, int quotaReserve, URI apiBaseUrl) {

    YouTubeSettings {
        queries = List.copyOf(queries);
        channels = List.copyOf(channels);
    }

    static YouTubeSettings from(Config c) {
        List<String> queries = c.find(YouTubeSource.QUERIES).orElse(List.of()).stream().map(String::strip)
                .distinct().toList();
        List<ChannelRef> channels = c.find(YouTubeSource.CHANNELS).orElse(List.of()).stream().map(ChannelRef::parse)
                .filter(Objects::nonNull).distinct().toList();
        return new YouTubeSettings(c.get(YouTubeSource.API_KEY), queries, channels, c.get(YouTubeSource.VIDEO_COMMENTS),
                c.get(YouTubeSource.COMMENT_WINDOW), c.get(YouTubeSource.MAX_TRACKED_VIDEOS),
                c.find(YouTubeSource.REGION).map(r -> r.strip().toUpperCase(Locale.ROOT)).orElse(null),
                c.find(YouTubeSource.LANGUAGE).map(String::strip).orElse(null),
                c.get(YouTubeSource.INITIAL_LOOKBACK), c.get(YouTubeSource.MAX_SEARCH_PAGES),
                c.get(YouTubeSource.DAILY_QUOTA), c.get(YouTubeSource.QUOTA_RESERVE), c.get(YouTubeSource.API_BASE_URL));
    }
}
