package io.earshot.plugins.rss;

import io.earshot.api.Checkpoint;
import io.earshot.api.Source;
import io.earshot.api.SourceDescriptor;
import io.earshot.api.SourceTask;
import io.earshot.api.config.Config;
import io.earshot.api.config.ConfigKey;
import io.earshot.api.config.ConfigSpec;
import io.earshot.api.config.ValidationResult;
import io.earshot.api.config.Validators;
import java.time.Duration;
import java.util.List;
import org.pf4j.Extension;

/**
 * Collects the items of RSS 0.9x, 1.0 (RDF) and 2.0 and Atom feeds, listed one by one or pasted as
 * an OPML document. Each feed is a partition: it is fetched with conditional GET, fails and
 * recovers on its own, and carries its own checkpoint (see {@link FeedPosition}). The work is done
 * by {@link RssSourceTask}.
 */
@Extension
public class RssSource implements Source {

    static final String TYPE = "rss";

    private static final String FEEDS_GROUP = "Feeds";
    private static final String LIMITS_GROUP = "Limits";

    /** Most feeds one source may read; more belong in several sources. */
    static final int MAX_FEEDS = 2_000;

    static final ConfigKey<List<String>> FEEDS = ConfigKey.list("feeds")
            .displayName("Feed URLs")
            .doc("RSS or Atom feed addresses (http or https), one per line. Set these, an OPML document, or both.")
            .example("https://example.com/feed.xml")
            .validate(Validators.each(Validators.httpUrlString()))
            .validate(Validators.each(Validators.maxLength(Checkpoint.MAX_PARTITION_LENGTH)))
            .validate(Validators.maxSize(MAX_FEEDS))
            .group(FEEDS_GROUP)
            .build();

    static final ConfigKey<String> OPML = ConfigKey.text("opml")
            .displayName("OPML")
            .doc("An OPML document, such as the export of a feed reader: every outline with an xmlUrl attribute is "
                    + "read as a feed, in addition to the feed URLs.")
            .example("<opml version=\"2.0\"><body><outline text=\"Example\" xmlUrl=\"https://example.com/feed.xml\"/>"
                    + "</body></opml>")
            .group(FEEDS_GROUP)
            .build();

    static final ConfigKey<String> LANGUAGE = ConfigKey.string("language")
            .displayName("Language")
            .doc("ISO 639-1 code (such as en or pt-BR) of the feeds' language, used for items when a feed does "
                    + "not declare its own. Leave empty to let Earshot detect the language.")
            .example("en")
            .validate(Validators.matches("[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*",
                    "a language code such as en, de or pt-BR"))
            .group(FEEDS_GROUP)
            .build();

    static final ConfigKey<Long> MAX_FEED_SIZE = ConfigKey.longKey("maxFeedSize")
            .displayName("Largest feed (bytes)")
            .doc("Feeds larger than this many bytes (after decompression) are not read and are reported instead.")
            .defaultValue(10L * 1024 * 1024)
            .validate(Validators.between(1024, 100L * 1024 * 1024))
            .group(LIMITS_GROUP)
            .build();

    static final ConfigKey<Duration> TIMEOUT = ConfigKey.duration("timeout")
            .displayName("Timeout per feed")
            .doc("How long one feed may take to download completely before it is reported as too slow.")
            .defaultValue(Duration.ofSeconds(30))
            .validate(Validators.durationBetween(Duration.ofSeconds(1), Duration.ofMinutes(5)))
            .group(LIMITS_GROUP)
            .build();

    static final ConfigKey<Integer> MAX_ITEMS_PER_POLL = ConfigKey.integer("maxItemsPerPoll")
            .displayName("Items per batch")
            .doc("Most items handed to Earshot at once. When the feeds hold more new items, the rest follow "
                    + "immediately in further batches.")
            .defaultValue(1_000)
            .validate(Validators.between(10, 10_000))
            .group(LIMITS_GROUP)
            .build();

    private static final ConfigSpec SPEC = ConfigSpec.of(FEEDS, OPML, LANGUAGE, MAX_FEED_SIZE, TIMEOUT,
            MAX_ITEMS_PER_POLL);

    private static final SourceDescriptor DESCRIPTOR = new SourceDescriptor(TYPE, "RSS and Atom feeds",
            "Collects the items of RSS and Atom feeds, such as news sites, blogs and podcasts, checking each feed "
                    + "for new and edited items.",
            Duration.ofMinutes(5), Duration.ofSeconds(30));

    @Override
    public SourceDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public ConfigSpec configSpec() {
        return SPEC;
    }

    /** At least one feed, from the list or the OPML document; an OPML document that can be read. */
    @Override
    public ValidationResult validate(Config config) {
        ValidationResult.Builder result = ValidationResult.builder();
        int opmlFeeds = 0;
        if (config.isSet(OPML)) {
            try {
                opmlFeeds = OpmlFeeds.read(config.get(OPML)).size();
            } catch (OpmlFeeds.OpmlException e) {
                result.error(OPML.name(), e.getMessage());
                opmlFeeds = -1;
            }
        }
        int listed = config.find(FEEDS).map(List::size).orElse(0);
        if (listed == 0 && opmlFeeds == 0) {
            if (config.isSet(OPML)) {
                result.error(OPML.name(), "contains no outline with an xmlUrl attribute, so no feed to read");
            } else {
                result.error(FEEDS.name(), "set at least one feed URL, or paste an OPML document in opml");
            }
        }
        if (listed + Math.max(opmlFeeds, 0) > MAX_FEEDS) {
            result.error(config.isSet(OPML) ? OPML.name() : FEEDS.name(), "lists " + (listed + opmlFeeds)
                    + " feeds; one source reads at most " + MAX_FEEDS + ", split them into several sources");
        }
        return result.build();
    }

    @Override
    public SourceTask createTask() {
        return new RssSourceTask();
    }
}
