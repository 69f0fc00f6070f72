package io.earshot.plugins.rss;

import java.util.List;

/**
 * A feed document, read.
 *
 * @param title    the feed's title, plain; or null
 * @param siteLink the web site the feed belongs to (RSS channel link, Atom alternate link); or null
 * @param format   what it was written in, as Rome names it: rss_2.0, rss_1.0, rss_0.91U, atom_1.0...
 * @param items    the items in document order
 */
record ParsedFeed(String title, String siteLink, String format, List<FeedItem> items) {

    ParsedFeed {
        items = List.copyOf(items);
    }
}
