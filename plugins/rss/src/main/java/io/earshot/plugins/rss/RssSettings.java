package io.earshot.plugins.rss;

import io.earshot.api.FatalSourceException;
import io.earshot.api.config.Config;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The configuration of one RSS source, read from its validated {@link Config}.
 *
 * @param feeds           the feed URLs to read, listed ones first, then those of the OPML document,
 *                        without duplicates; each is the partition of its checkpoints
 * @param maxFeedSize     largest feed body accepted, in bytes
 * @param timeout         deadline for fetching one feed completely
 * @param language        ISO 639-1 code to declare when a feed does not; or null
 * @param maxItemsPerPoll most mentions returned by one poll
 */
record RssSettings(List<String> feeds, long maxFeedSize, Duration timeout, String language, int maxItemsPerPoll) {

    RssSettings {
        feeds = List.copyOf(feeds);
    }

    /** @throws FatalSourceException when the configuration names no usable feed */
    static RssSettings from(Config config) {
        Set<String> feeds = new LinkedHashSet<>();
        config.find(RssSource.FEEDS).ifPresent(list -> list.forEach(f -> feeds.add(f.strip())));
        if (config.isSet(RssSource.OPML)) {
            try {
                feeds.addAll(OpmlFeeds.read(config.get(RssSource.OPML)));
            } catch (OpmlFeeds.OpmlException e) {
                throw new FatalSourceException("opml " + e.getMessage());
            }
        }
        if (feeds.isEmpty()) {
            throw new FatalSourceException("no feed to read: set feed URLs or an OPML document that lists feeds");
        }
        String language = config.find(RssSource.LANGUAGE).map(Languages::normalise).orElse(null);
        return new RssSettings(List.copyOf(feeds), config.get(RssSource.MAX_FEED_SIZE), config.get(RssSource.TIMEOUT),
                language, config.get(RssSource.MAX_ITEMS_PER_POLL));
    }
}
