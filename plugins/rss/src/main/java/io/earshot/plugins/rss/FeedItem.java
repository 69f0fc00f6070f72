package io.earshot.plugins.rss;

import java.time.Instant;
import java.util.List;

/**
 * One item of a feed, as read: links absolute, text plain.
 *
 * @param link        the item's web page, absolute, without tracking parameters; or null
 * @param guid        the RSS guid or Atom id; or null
 * @param title       plain text on one line; or null
 * @param text        plain text with paragraphs as blank lines; or null
 * @param published   when it was published; or null
 * @param updated     when it was last updated; or null
 * @param author      the author's name; or null
 * @param categories  category names, without duplicates
 * @param enclosure   the URL of the first enclosure (podcast audio, an image); or null
 * @param image       the URL of an image for the item; or null
 * @param lang        the language the item or its feed declares, ISO 639-1; or null
 */
record FeedItem(String link, String guid, String title, String text, Instant published, Instant updated,
                String author, List<String> categories, String enclosure, String image, String lang) {

    FeedItem {
        categories = categories == null ? List.of() : List.copyOf(categories);
    }
}
