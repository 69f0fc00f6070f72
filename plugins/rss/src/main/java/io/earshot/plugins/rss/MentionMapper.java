package io.earshot.plugins.rss;

import io.earshot.api.Urls;

import io.earshot.api.Author;
import io.earshot.api.Mention;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the items of one feed document into mentions, each with the {@link SeenItems.Item} that
 * remembers it.
 *
 * <p>The native id is 32 hex digits of a SHA-256, so that the same article gets the same id
 * wherever it is found: of the item's canonical link ({@link Urls#canonical}) when it has one of
 * its own; else of the feed URL and the guid; else of the feed URL, the title and the date (or the
 * text). A link counts as the item's own unless several items of the document share it or it is the
 * feed's home page, as in feeds whose every item links to the site.
 */
final class MentionMapper {

    static final String PLATFORM = "web";
    /** Publication times further ahead than this are typos or time zone bugs: the item is dated when seen. */
    private static final Duration MAX_FUTURE = Duration.ofDays(1);

    private MentionMapper() {
    }

    /** A mention and how it is remembered. */
    record Collected(Mention mention, SeenItems.Item seen) {
    }

    /**
     * @param feedUrl  the feed as configured (the partition)
     * @param feed     the document read
     * @param language the configured language, for feeds that declare none; or null
     * @param seen     what is remembered of the feed, for the first-seen time of undated items
     * @param now      the time of this read
     * @return one mention per distinct item, in document order
     */
    static List<Collected> map(String feedUrl, ParsedFeed feed, String language, SeenItems seen, Instant now) {
        Map<String, Integer> linkUse = new HashMap<>();
        List<String> canonical = new ArrayList<>(feed.items().size());
        for (FeedItem item : feed.items()) {
            String c = item.link() == null ? null : Urls.canonical(item.link());
            canonical.add(c);
            if (c != null) {
                linkUse.merge(c, 1, Integer::sum);
            }
        }
        String home = feed.siteLink() == null ? null : Urls.canonical(feed.siteLink());
        String self = Urls.canonical(feedUrl);
        Map<String, Collected> byId = new LinkedHashMap<>();
        for (int i = 0; i < feed.items().size(); i++) {
            FeedItem item = feed.items().get(i);
            String link = canonical.get(i);
            boolean ownLink = link != null && linkUse.get(link) == 1 && !link.equals(home) && !link.equals(self);
            String nativeId = ownLink ? Urls.hash(link) : item.guid() != null ? Urls.hash(feedUrl, item.guid())
                    : Urls.hash(feedUrl, item.title(), dateOrText(item));
            if (!byId.containsKey(nativeId)) {
                byId.put(nativeId, collect(nativeId, feedUrl, feed, item, language, seen, now));
            }
        }
        return List.copyOf(byId.values());
    }

    private static String dateOrText(FeedItem item) {
        Instant date = item.published() != null ? item.published() : item.updated();
        return date != null ? date.toString() : item.text();
    }

    private static Collected collect(String nativeId, String feedUrl, ParsedFeed feed, FeedItem item, String language,
                                     SeenItems seen, Instant now) {
        String key = nativeId.substring(0, 12);
        Instant declared = item.published() != null ? item.published() : item.updated();
        if (declared != null && declared.isAfter(now.plus(MAX_FUTURE))) {
            declared = null;
        }
        long firstSeen = 0;
        Instant publishedAt = declared;
        if (declared == null) {
            firstSeen = seen.firstSeen(key);
            if (firstSeen == 0) {
                firstSeen = now.getEpochSecond();
            }
            publishedAt = Instant.ofEpochSecond(firstSeen);
        }
        String lang = Languages.consistent(item.lang() != null ? item.lang() : language, item.title(), item.text());
        Mention.Builder b = Mention.builder()
                .platform(PLATFORM)
                .nativeId(nativeId)
                .url(item.link())
                .title(item.title())
                .text(item.text())
                .lang(lang)
                .publishedAt(publishedAt)
                .author(item.author() == null ? null : Author.named(item.author()))
                .extra("feedTitle", feed.title())
                .extra("feedUrl", feedUrl)
                .extra("guid", item.guid());
        if (!item.categories().isEmpty()) {
            b.extra("categories", item.categories());
        }
        b.extra("enclosureUrl", item.enclosure());
        b.extra("imageUrl", item.image());
        String hash = Urls.hash(item.title(), item.text(), item.link(), item.author(),
                String.join("\n", item.categories())).substring(0, 8);
        return new Collected(b.build(), new SeenItems.Item(key, hash, firstSeen));
    }
}
