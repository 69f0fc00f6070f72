package io.earshot.plugins.rss;

import io.earshot.api.Urls;

import io.earshot.api.Checkpoint;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jdom2.Attribute;
import org.jdom2.Document;
import org.jdom2.Element;

/**
 * Reads the feed URLs out of an OPML document (a feed reader's subscription list): the
 * {@code xmlUrl} attribute of every {@code outline}, at any depth. Parsed as safely as feeds are:
 * the document comes from a user and is read on the server.
 */
final class OpmlFeeds {

    private OpmlFeeds() {
    }

    /** The document could not be used; the message follows the field name ("opml: ..."). */
    static final class OpmlException extends Exception {
        OpmlException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * @return the feed URLs in document order, without duplicates
     * @throws OpmlException when the document is not OPML or names feeds that are not http(s) URLs
     */
    static List<String> read(String opml) throws OpmlException {
        Document doc;
        try {
            doc = SafeXml.parse(XmlRepair.repair(opml.replace("\uFEFF", "").strip()));
        } catch (FeedProblem e) {
            throw new OpmlException("is not a readable OPML document: " + e.getMessage());
        }
        if (!doc.getRootElement().getName().equalsIgnoreCase("opml")) {
            throw new OpmlException("is not an OPML document (its root element is <"
                    + doc.getRootElement().getQualifiedName() + ">, not <opml>)");
        }
        Set<String> feeds = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        collect(doc.getRootElement(), feeds, problems);
        if (!problems.isEmpty()) {
            String shown = String.join("; ", problems.subList(0, Math.min(3, problems.size())));
            throw new OpmlException(problems.size() == 1 ? shown
                    : problems.size() + " outlines are unusable: " + shown + (problems.size() > 3 ? "; ..." : ""));
        }
        return List.copyOf(feeds);
    }

    private static void collect(Element element, Set<String> feeds, List<String> problems) {
        for (Element child : element.getChildren()) {
            if (child.getName().equalsIgnoreCase("outline")) {
                String url = xmlUrl(child);
                if (url != null) {
                    String problem = problem(url);
                    if (problem == null) {
                        feeds.add(url);
                    } else {
                        problems.add(problem);
                    }
                }
            }
            collect(child, feeds, problems);
        }
    }

    private static String xmlUrl(Element outline) {
        for (Attribute a : outline.getAttributes()) {
            if (a.getName().toLowerCase(Locale.ROOT).equals("xmlurl") && !a.getValue().isBlank()) {
                return a.getValue().strip();
            }
        }
        return null;
    }

    private static String problem(String url) {
        URI uri = Urls.parse(url);
        if (uri == null || !uri.isAbsolute() || !Urls.isWeb(uri)) {
            return "xmlUrl '" + shorten(url) + "' is not an http or https URL";
        }
        if (url.length() > Checkpoint.MAX_PARTITION_LENGTH) {
            return "xmlUrl '" + shorten(url) + "' is longer than " + Checkpoint.MAX_PARTITION_LENGTH + " characters";
        }
        return null;
    }

    private static String shorten(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
