package io.earshot.plugins.youtube;

import io.earshot.api.Source;
import io.earshot.api.SourceDescriptor;
import io.earshot.api.SourceTask;
import io.earshot.api.config.Config;
import io.earshot.api.config.ConfigKey;
import io.earshot.api.config.ConfigSpec;
import io.earshot.api.config.Secret;
import io.earshot.api.config.ValidationResult;
import io.earshot.api.config.Validators;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.pf4j.Extension;

/**
 * YouTube videos matching search queries, with their statistics and full descriptions, and the
 * comments on them and on chosen channels, read through the YouTube Data API v3 within the daily
 * quota of the API key's project. The work is done by {@link YouTubeSourceTask}.
 */
@Extension
public class YouTubeSource implements Source {

    static final String TYPE = "youtube";

    private static final String WHAT_GROUP = "What to collect";
    private static final String QUOTA_GROUP = "Quota";
    private static final String CONNECTION_GROUP = "Connection";

    static final int MAX_QUERIES = 20;
    static final int MAX_CHANNELS = 50;

    static final ConfigKey<Secret> API_KEY = ConfigKey.secret("apiKey")
            .displayName("API key")
            .doc("A YouTube Data API v3 key: create one in the Google Cloud console (APIs & Services > Credentials) "
                    + "for a project where the YouTube Data API v3 is enabled.")
            .required()
            .group(CONNECTION_GROUP)
            .build();

    static final ConfigKey<List<String>> QUERIES = ConfigKey.list("queries")
            .displayName("Search queries")
            .doc("Find new videos matching these searches, one per line, as typed in YouTube's search box "
                    + "(\"brand name\" | product -unrelated). Each search costs 100 quota units, so few and precise "
                    + "queries go further.")
            .example("\"Acme Rocket\"")
            .validate(Validators.each(Validators.maxLength(500)))
            .validate(Validators.maxSize(MAX_QUERIES))
            .group(WHAT_GROUP)
            .build();

    static final ConfigKey<List<String>> CHANNELS = ConfigKey.list("channels")
            .displayName("Channels whose comments to collect")
            .doc("Collect the comments on every video of these channels, one per line: a channel id (UC...), a "
                    + "handle (@name) or a channel address (https://www.youtube.com/channel/UC... or "
                    + "https://www.youtube.com/@name).")
            .example("@acme")
            .validate(Validators.each(v -> ChannelRef.parse(v) == null
                    ? "must be a channel id (UC followed by 22 characters), a handle such as @acme, or a "
                    + "youtube.com channel address" : null))
            .validate(Validators.maxSize(MAX_CHANNELS))
            .group(WHAT_GROUP)
            .build();

    static final ConfigKey<Boolean> VIDEO_COMMENTS = ConfigKey.bool("commentsOnFoundVideos")
            .displayName("Collect comments on found videos")
            .doc("Follow the comments on the videos the queries find, for the comment window after finding them.")
            .defaultValue(true)
            .group(WHAT_GROUP)
            .build();

    static final ConfigKey<Duration> COMMENT_WINDOW = ConfigKey.duration("commentWindow")
            .displayName("Comment window")
            .doc("How long after finding a video its comments are followed.")
            .defaultValue(Duration.ofDays(2))
            .validate(Validators.durationBetween(Duration.ofHours(1), Duration.ofDays(30)))
            .group(WHAT_GROUP)
            .build();

    static final ConfigKey<Integer> MAX_TRACKED_VIDEOS = ConfigKey.integer("maxTrackedVideos")
            .displayName("Most videos followed for comments")
            .doc("When the queries find more videos within the comment window, the comments of the most recently "
                    + "found ones are followed.")
            .defaultValue(50)
            .validate(Validators.between(1, 500))
            .group(WHAT_GROUP)
            .build();

    static final ConfigKey<String> REGION = ConfigKey.string("regionCode")
            .displayName("Region")
            .doc("Search results for this country (ISO 3166-1 alpha-2 code such as PL or GR); empty for worldwide.")
            .example("PL")
            .validate(Validators.matches("[A-Za-z]{2}", "a two-letter country code such as PL"))
            .group(WHAT_GROUP)
            .build();

    static final ConfigKey<String> LANGUAGE = ConfigKey.string("relevanceLanguage")
            .displayName("Preferred language")
            .doc("Prefer videos in this language (ISO 639-1 code such as ru, fa or el); others may still be found.")
            .example("ru")
            .validate(Validators.matches("[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})?", "a language code such as ru or zh-Hans"))
            .group(WHAT_GROUP)
            .build();

    static final ConfigKey<Duration> INITIAL_LOOKBACK = ConfigKey.duration("initialLookback")
            .displayName("First look back")
            .doc("On the first search of a query and the first read of a channel's comments, collect what was "
                    + "published this long ago or later.")
            .defaultValue(Duration.ofDays(1))
            .validate(Validators.durationBetween(Duration.ofMinutes(10), Duration.ofDays(30)))
            .group(WHAT_GROUP)
            .build();

    static final ConfigKey<Integer> MAX_SEARCH_PAGES = ConfigKey.integer("maxSearchPages")
            .displayName("Pages per search")
            .doc("Most result pages (50 videos, 100 units each) read per search of a query. When a query has more "
                    + "new videos than that since its last search, the oldest are skipped and the source says so.")
            .defaultValue(3)
            .validate(Validators.between(1, 10))
            .group(QUOTA_GROUP)
            .build();

    static final ConfigKey<Integer> DAILY_QUOTA = ConfigKey.integer("dailyQuota")
            .displayName("Daily quota (units)")
            .doc("The quota of the API key's Google Cloud project, in units per day (10,000 unless Google granted "
                    + "more). It resets at midnight Pacific time. If other sources or applications use the same "
                    + "project, give this source only its share.")
            .defaultValue(10_000)
            .validate(Validators.between(200, 100_000_000))
            .group(QUOTA_GROUP)
            .build();

    static final ConfigKey<Integer> QUOTA_RESERVE = ConfigKey.integer("quotaReserve")
            .displayName("Units kept in reserve")
            .doc("Units of the daily quota this source never uses, as a safety margin.")
            .defaultValue(500)
            .validate(Validators.between(0, 100_000_000))
            .group(QUOTA_GROUP)
            .build();

    static final ConfigKey<URI> API_BASE_URL = ConfigKey.url("apiBaseUrl")
            .displayName("API address")
            .doc("Base address of the YouTube Data API v3; change it only to go through a proxy or for tests.")
            .defaultValue(URI.create("https://www.googleapis.com/youtube/v3"))
            .group(CONNECTION_GROUP)
            .build();

    private static final ConfigSpec SPEC = ConfigSpec.of(API_KEY, QUERIES, CHANNELS, VIDEO_COMMENTS, COMMENT_WINDOW,
            MAX_TRACKED_VIDEOS, REGION, LANGUAGE, INITIAL_LOOKBACK, MAX_SEARCH_PAGES, DAILY_QUOTA, QUOTA_RESERVE,
            API_BASE_URL);

    private static final SourceDescriptor DESCRIPTOR = new SourceDescriptor(TYPE, "YouTube",
            "New YouTube videos matching your searches, with views, likes and full descriptions, and the comments on "
                    + "them and on chosen channels, spread over the day within the API key's daily quota.",
            Duration.ofMinutes(5), Duration.ofMinutes(1));

    @Override
    public SourceDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public ConfigSpec configSpec() {
        return SPEC;
    }

    /** Something to collect; a reserve smaller than the quota; no channel listed twice. */
    @Override
    public ValidationResult validate(Config config) {
        ValidationResult.Builder result = ValidationResult.builder();
        List<String> queries = config.find(QUERIES).orElse(List.of());
        List<String> channels = config.find(CHANNELS).orElse(List.of());
        if (queries.isEmpty() && channels.isEmpty()) {
            result.error(QUERIES.name(), "set at least one search query, or a channel in channels");
        }
        if (queries.stream().distinct().count() < queries.size()) {
            result.error(QUERIES.name(), "lists the same query more than once");
        }
        if (channels.stream().map(ChannelRef::parse).distinct().count() < channels.size()) {
            result.error(CHANNELS.name(), "lists the same channel more than once");
        }
        int quota = config.get(DAILY_QUOTA);
        int reserve = config.get(QUOTA_RESERVE);
        if (reserve > quota - QuotaLedger.SEARCH_COST) {
            result.error(QUOTA_RESERVE.name(), "must leave at least " + QuotaLedger.SEARCH_COST
                    + " units of the daily quota (" + quota + ") to use");
        }
        return result.build();
    }

    @Override
    public SourceTask createTask() {
        return new YouTubeSourceTask();
    }
}
