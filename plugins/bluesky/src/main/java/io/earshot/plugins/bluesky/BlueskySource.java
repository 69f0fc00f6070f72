package io.earshot.plugins.bluesky;

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
 * Collects Bluesky posts that contain the user's keywords or hashtags, either live from a
 * Jetstream server (every new post of the network, matched locally; no account needed) or by
 * polling {@code app.bsky.feed.searchPosts} with the user's handle and app password. With
 * credentials, Jetstream mode also backfills by search on the first start and fills gaps that
 * Jetstream can no longer replay. The work is done by {@link BlueskySourceTask}.
 */
@Extension
public class BlueskySource implements Source {

    static final String TYPE = "bluesky";
    static final String PLATFORM = "bluesky";
    /** The platform's name as users know it, for messages. */
    static final String PLATFORM_NAME = "Bluesky";

    static final String MODE_JETSTREAM = "jetstream";
    static final String MODE_SEARCH = "search";

    static final int MAX_TERMS = 100;
    /** How far back Jetstream replays, roughly; further backfills need search. */
    static final Duration JETSTREAM_REPLAY = Duration.ofHours(24);

    private static final String WHAT = "What to collect";
    private static final String ACCOUNT = "Bluesky account (for search)";
    private static final String SERVERS = "Servers";
    private static final String LIMITS = "Limits";

    static final ConfigKey<List<String>> KEYWORDS = ConfigKey.list("keywords")
            .displayName("Keywords")
            .doc("Words or phrases to look for, one per line; matched as whole words, ignoring case. End one with * to "
                    + "also match longer words that start with it, such as inflected forms (Сбербанк* finds Сбербанка).")
            .example("earshot")
            .validate(Validators.maxSize(MAX_TERMS))
            .validate(Validators.each(Validators.maxLength(100)))
            .group(WHAT)
            .build();

    static final ConfigKey<List<String>> HASHTAGS = ConfigKey.list("hashtags")
            .displayName("Hashtags")
            .doc("Hashtags to look for, with or without the leading #, one per line.")
            .example("opensource")
            .validate(Validators.maxSize(MAX_TERMS))
            .validate(Validators.each(Validators.matches("#?[^\\s#]{1,64}", "a hashtag without spaces")))
            .group(WHAT)
            .build();

    static final ConfigKey<List<String>> LANGUAGES = ConfigKey.list("languages")
            .displayName("Languages")
            .doc("Only posts whose author declared one of these languages (ISO 639-1 codes such as en, ru, el, fa, "
                    + "pl). Leave empty for every language.")
            .example("en")
            .validate(Validators.each(Validators.matches("[A-Za-z]{2,3}", "a language code such as en or ru")))
            .group(WHAT)
            .build();

    static final ConfigKey<String> MODE = ConfigKey.choice("mode", MODE_JETSTREAM, MODE_SEARCH)
            .displayName("How to collect")
            .doc("jetstream: follow every new post of Bluesky live and keep those that match (no account needed). "
                    + "search: ask Bluesky's search for each keyword and hashtag on every poll (needs a handle and an "
                    + "app password).")
            .defaultValue(MODE_JETSTREAM)
            .group(WHAT)
            .build();

    static final ConfigKey<String> HANDLE = ConfigKey.string("handle")
            .displayName("Handle")
            .doc("The handle (or email) of the Bluesky account used for search, e.g. brand.bsky.social. Needed for "
                    + "search mode; in Jetstream mode it enables backfill by search.")
            .example("brand.bsky.social")
            .validate(Validators.matches("\\S{3,256}", "a handle such as brand.bsky.social, without spaces"))
            .group(ACCOUNT)
            .build();

    static final ConfigKey<Secret> APP_PASSWORD = ConfigKey.secret("appPassword")
            .displayName("App password")
            .doc("An app password of that account (Settings → Privacy and security → App passwords), never the "
                    + "account's main password.")
            .group(ACCOUNT)
            .build();

    static final ConfigKey<URI> SERVICE_URL = ConfigKey.url("serviceUrl")
            .displayName("Account service")
            .doc("Where the account signs in and searches: https://bsky.social for accounts hosted by Bluesky, or "
                    + "your own PDS.")
            .defaultValue(URI.create("https://bsky.social"))
            .group(SERVERS)
            .build();

    static final ConfigKey<String> JETSTREAM_URL = ConfigKey.string("jetstreamUrl")
            .displayName("Jetstream server")
            .doc("The WebSocket address of a Jetstream server.")
            .defaultValue("wss://jetstream2.us-east.bsky.network/subscribe")
            .validate(Validators.matches("(?i)wss?://[^\\s/?#]+[^\\s#]*", "a ws:// or wss:// address"))
            .group(SERVERS)
            .build();

    static final ConfigKey<URI> APPVIEW_URL = ConfigKey.url("appViewUrl")
            .displayName("Public API")
            .doc("The public Bluesky API used to look up authors' handles, names and followers.")
            .defaultValue(URI.create("https://public.api.bsky.app"))
            .group(SERVERS)
            .build();

    static final ConfigKey<Boolean> RESOLVE_PROFILES = ConfigKey.bool("resolveProfiles")
            .displayName("Look up authors")
            .doc("Look up the handle, display name and followers of the authors of collected posts (Jetstream only "
                    + "gives their DID), in batches of 25, remembered for a few hours.")
            .defaultValue(true)
            .group(SERVERS)
            .build();

    static final ConfigKey<Duration> BACKFILL = ConfigKey.duration("backfill")
            .displayName("Backfill")
            .doc("On the first start, also collect posts up to this far back (at most 7 days): by search with an "
                    + "account, else by replaying Jetstream (at most 24 hours). 0 starts with what is new from now on.")
            .defaultValue(Duration.ofHours(1))
            .validate(Validators.durationBetween(Duration.ZERO, Duration.ofDays(7)))
            .group(LIMITS)
            .build();

    static final ConfigKey<Integer> MAX_ITEMS_PER_POLL = ConfigKey.integer("maxItemsPerPoll")
            .displayName("Posts per batch")
            .doc("Most posts handed to Earshot at once; when more are waiting, they follow immediately.")
            .defaultValue(1_000)
            .validate(Validators.between(10, 10_000))
            .group(LIMITS)
            .build();

    static final ConfigKey<Duration> TIMEOUT = ConfigKey.duration("timeout")
            .displayName("Request timeout")
            .doc("How long one request to Bluesky may take.")
            .defaultValue(Duration.ofSeconds(30))
            .validate(Validators.durationBetween(Duration.ofSeconds(1), Duration.ofMinutes(5)))
            .group(LIMITS)
            .build();

    private static final ConfigSpec SPEC = ConfigSpec.of(KEYWORDS, HASHTAGS, LANGUAGES, MODE, HANDLE, APP_PASSWORD,
            SERVICE_URL, JETSTREAM_URL, APPVIEW_URL, RESOLVE_PROFILES, BACKFILL, MAX_ITEMS_PER_POLL, TIMEOUT);

    private static final SourceDescriptor DESCRIPTOR = new SourceDescriptor(TYPE, "Bluesky",
            "Bluesky posts with your keywords or hashtags, live from Jetstream or by search.",
            Duration.ofMinutes(2), Duration.ofSeconds(30));

    @Override
    public SourceDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public ConfigSpec configSpec() {
        return SPEC;
    }

    /** Something to look for; credentials complete and present when search needs them; replay within reach. */
    @Override
    public ValidationResult validate(Config config) {
        ValidationResult.Builder result = ValidationResult.builder();
        if (config.find(KEYWORDS).map(List::isEmpty).orElse(true) && config.find(HASHTAGS).map(List::isEmpty).orElse(true)) {
            result.error(KEYWORDS.name(), "set at least one keyword or hashtag");
        }
        boolean handle = config.isSet(HANDLE);
        boolean password = config.isSet(APP_PASSWORD);
        if (handle && !password) {
            result.error(APP_PASSWORD.name(), "is required with a handle");
        } else if (password && !handle) {
            result.error(HANDLE.name(), "is required with an app password");
        } else if (!handle && MODE_SEARCH.equals(config.get(MODE))) {
            result.error(HANDLE.name(), "search needs a Bluesky account: set a handle and an app password, or use "
                    + "jetstream mode");
        }
        if (!handle && MODE_JETSTREAM.equals(config.get(MODE)) && config.get(BACKFILL).compareTo(JETSTREAM_REPLAY) > 0) {
            result.error(BACKFILL.name(), "Jetstream replays about 24 hours at most; set a handle and an app password "
                    + "to backfill further by search");
        }
        return result.build();
    }

    @Override
    public SourceTask createTask() {
        return new BlueskySourceTask();
    }
}
