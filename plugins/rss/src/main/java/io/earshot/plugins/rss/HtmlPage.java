package io.earshot.plugins.rss;

import io.earshot.api.Urls;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Recognises a web page given where a feed was expected, and finds the feed it advertises with
 * {@code <link rel="alternate" type="application/rss+xml" href="...">}, so that the user is told
 * which address to use instead.
 */
final class HtmlPage {

    private static final Pattern PROLOG = Pattern.compile(
            "^(?:\\s|<\\?[^>]*>|<!--.*?-->|<!doctype[^>\\[]*(?:\\[.*?\\])?\\s*>)*",
            Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern HTML_START = Pattern.compile("^<(?:html|head|body)[\\s>]", Pattern.CASE_INSENSITIVE);
    private static final Pattern HTML_INSIDE = Pattern.compile("<(?:html|body)[\\s>]", Pattern.CASE_INSENSITIVE);

    private HtmlPage() {
    }

    /** Whether the first element of the text is an HTML document's (html, head or body). */
    static boolean looksLikeHtml(String text) {
        String head = text.length() > 4096 ? text.substring(0, 4096) : text;
        var m = PROLOG.matcher(head);
        int start = m.find() ? m.end() : 0;
        return HTML_START.matcher(head.substring(start)).find();
    }

    /** Whether a document that is not well-formed XML holds an HTML page. */
    static boolean containsHtml(String text) {
        return HTML_INSIDE.matcher(text.length() > 8192 ? text.substring(0, 8192) : text).find();
    }

    /** "this is an HTML page, not a feed (it links to the feed ...)". */
    static FeedProblem problem(String html, URI pageUri) {
        String feed = advertisedFeed(html, pageUri);
        return new FeedProblem(feed == null
                ? "this is an HTML page, not a feed, and the page links to no feed; check the address"
                : "this is an HTML page, not a feed (it links to the feed " + feed + "; use that address instead)");
    }

    /** The first RSS or Atom feed the page links to, absolute; null when none. */
    static String advertisedFeed(String html, URI pageUri) {
        Document page = Jsoup.parse(html, pageUri.toString());
        for (Element link : page.select("link[href][type]")) {
            String rel = link.attr("rel").toLowerCase(Locale.ROOT);
            String type = link.attr("type").toLowerCase(Locale.ROOT).strip();
            boolean isFeed = type.startsWith("application/rss+xml") || type.startsWith("application/atom+xml")
                    || type.startsWith("application/rdf+xml");
            if (isFeed && (rel.isEmpty() || rel.contains("alternate"))) {
                String href = link.absUrl("href");
                if (!href.isEmpty()) {
                    return Urls.resolve(href, pageUri);
                }
            }
        }
        return null;
    }
}
