package io.earshot.plugins.rss;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Declares the namespace prefixes a feed uses without declaring them ({@code <itunes:subtitle>} in
 * a feed that forgot {@code xmlns:itunes}), on its root element, with the usual namespace for the
 * well-known prefixes.
 */
final class Namespaces {

    private static final Pattern USED = Pattern.compile("<\\/?([A-Za-z_][\\w.-]*):[A-Za-z_]|\\s([A-Za-z_][\\w.-]*):[A-Za-z_][\\w.-]*\\s*=");
    private static final Pattern DECLARED = Pattern.compile("xmlns:([A-Za-z_][\\w.-]*)\\s*=");
    private static final Pattern ROOT_START = Pattern.compile("<(?![?!])[A-Za-z_][\\w.:-]*");
    private static final Map<String, String> KNOWN = Map.ofEntries(
            Map.entry("itunes", "http://www.itunes.com/dtds/podcast-1.0.dtd"),
            Map.entry("dc", "http://purl.org/dc/elements/1.1/"),
            Map.entry("content", "http://purl.org/rss/1.0/modules/content/"),
            Map.entry("media", "http://search.yahoo.com/mrss/"),
            Map.entry("atom", "http://www.w3.org/2005/Atom"),
            Map.entry("slash", "http://purl.org/rss/1.0/modules/slash/"),
            Map.entry("wfw", "http://wellformedweb.org/CommentAPI/"),
            Map.entry("sy", "http://purl.org/rss/1.0/modules/syndication/"),
            Map.entry("georss", "http://www.georss.org/georss"),
            Map.entry("feedburner", "http://rssnamespace.org/feedburner/ext/1.0"),
            Map.entry("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"));

    private Namespaces() {
    }

    /** The document with the missing declarations added; null when none is missing or there is no root. */
    static String declareMissing(String xml) {
        Set<String> used = new LinkedHashSet<>();
        Matcher m = USED.matcher(xml);
        while (m.find()) {
            String prefix = m.group(1) != null ? m.group(1) : m.group(2);
            if (!prefix.equals("xml") && !prefix.equals("xmlns")) {
                used.add(prefix);
            }
        }
        Matcher d = DECLARED.matcher(xml);
        while (d.find()) {
            used.remove(d.group(1));
        }
        Matcher root = ROOT_START.matcher(xml);
        if (used.isEmpty() || !root.find()) {
            return null;
        }
        StringBuilder declarations = new StringBuilder();
        for (String prefix : used) {
            declarations.append(" xmlns:").append(prefix).append("=\"")
                    .append(KNOWN.getOrDefault(prefix, "urn:earshot:undeclared:" + prefix)).append('"');
        }
        return xml.substring(0, root.end()) + declarations + xml.substring(root.end());
    }
}
