package io.earshot.plugins.rss;

import io.earshot.api.Urls;

import com.rometools.rome.feed.module.DCModule;
import com.rometools.rome.feed.synd.SyndCategory;
import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEnclosure;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndLink;
import com.rometools.rome.feed.synd.SyndPerson;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedInput;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdom2.Attribute;
import org.jdom2.Document;
import org.jdom2.Element;
import org.jdom2.Namespace;
import org.jdom2.Parent;

/**
 * Reads a feed document (RSS 0.90 to 2.0, RSS 1.0/RDF, Atom 0.3 and 1.0) from the bytes a server
 * sent: decodes them ({@link FeedDecoder}), mends common breakage ({@link XmlRepair}), parses them
 * safely ({@link SafeXml}), lets Rome read the format and maps the items to {@link FeedItem}s with
 * absolute links and plain text. Stateless and thread-safe.
 */
final class FeedParser {

    /** Most items read from one document. */
    static final int MAX_ITEMS = SeenItems.MAX_KEPT;
    private static final int MAX_CATEGORIES = 30;

    private static final Namespace ATOM = Namespace.getNamespace("http://www.w3.org/2005/Atom");
    private static final String ATOM_03 = "http://purl.org/atom/ns#";
    private static final Namespace RSS_10 = Namespace.getNamespace("http://purl.org/rss/1.0/");
    private static final String MEDIA = "http://search.yahoo.com/mrss/";
    private static final String DC = "http://purl.org/dc/elements/1.1/";
    private static final String DCTERMS = "http://purl.org/dc/terms/";
    private static final String ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd";
    private static final Pattern FEED_START = Pattern.compile("<\\?xml\\s|<rss[\\s>]|<feed[\\s>]|<rdf:RDF[\\s>]");
    private static final Set<String> RSS_VERSIONS = Set.of("0.91", "0.92", "0.93", "0.94", "2.0");
    private static final Pattern NAME_IN_PARENS = Pattern.compile("^\\s*\\S+@\\S+\\s*\\((.+)\\)\\s*$");
    private static final Pattern NAME_BEFORE_EMAIL = Pattern.compile("^\\s*(.+?)\\s*<\\S+@\\S+>\\s*$");

    private FeedParser() {
    }

    /**
     * @param body        the bytes received
     * @param mediaType   the HTTP media type, lower case, without parameters ("" when unknown)
     * @param httpCharset the HTTP charset parameter, or null
     * @param feedUri     where the document came from (after redirects): the base of relative links
     * @throws FeedProblem when the document is no feed, is broken or is an attack
     */
    static ParsedFeed parse(byte[] body, String mediaType, String httpCharset, URI feedUri) throws FeedProblem {
        String text = withoutLeadingJunk(FeedDecoder.decode(body, httpCharset));
        if (text.isEmpty()) {
            throw new FeedProblem("the site answered with an empty document, not a feed");
        }
        if (HtmlPage.looksLikeHtml(text)) {
            throw HtmlPage.problem(text, feedUri);
        }
        if (text.charAt(0) == '{' || text.charAt(0) == '[') {
            throw new FeedProblem("this is a JSON document, not an RSS or Atom feed");
        }
        String xml = XmlRepair.repair(text);
        Document doc;
        try {
            doc = parseXml(xml);
        } catch (FeedProblem.MalformedXml e) {
            if (text.charAt(0) != '<') {
                throw new FeedProblem("this is not XML, so not a feed (it starts with \"" + preview(text) + "\")");
            }
            if (mediaType.contains("html") || HtmlPage.containsHtml(text)) {
                throw HtmlPage.problem(text, feedUri);
            }
            throw e;
        }
        Element root = doc.getRootElement();
        String rootName = root.getName().toLowerCase(Locale.ROOT);
        if (rootName.equals("html")) {
            throw HtmlPage.problem(text, feedUri);
        }
        if (!rootName.equals("rss") && !rootName.equals("rdf") && !rootName.equals("feed")) {
            throw new FeedProblem("this is an XML document but not an RSS or Atom feed (its root element is <"
                    + root.getQualifiedName() + ">)");
        }
        adjustForRome(root);
        List<Element> elements = entryElements(root);
        List<ItemDates> dates = elements.stream().map(FeedParser::takeDates).toList();
        SyndFeed feed = rome(doc);
        if (feed.getEntries().size() != elements.size()) {
            // Rome found other items than we did: let it read everything, dates included
            doc = parseXml(xml);
            root = doc.getRootElement();
            adjustForRome(root);
            feed = rome(doc);
            elements = null;
            dates = null;
        }
        return read(feed, root, feedUri, elements, dates);
    }

    private static SyndFeed rome(Document doc) throws FeedProblem {
        try {
            SyndFeedInput input = new SyndFeedInput();
            input.setPreserveWireFeed(false);
            return input.build(doc);
        } catch (FeedException | IllegalArgumentException e) {
            throw new FeedProblem("could not be read as RSS or Atom (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            throw new FeedProblem("could not be read as RSS or Atom: the feed reader failed on it (" + e + ")", e);
        }
    }

    /** An item's dates, read by {@link FeedDates}. */
    private record ItemDates(Instant published, Instant updated) {
    }

    /**
     * Reads the publication and update dates of an item's element and removes them, so that Rome,
     * whose date parsing is slow, does not read them again.
     */
    private static ItemDates takeDates(Element item) {
        Instant published = null;
        int publishedRank = Integer.MAX_VALUE;
        Instant updated = null;
        for (Element child : List.copyOf(item.getChildren())) {
            String ns = child.getNamespaceURI();
            String name = child.getName();
            int rank = publishedRank(ns, name, item.getNamespaceURI());
            boolean isUpdated = (ns.equals(ATOM.getURI()) && name.equals("updated"))
                    || (ns.equals(ATOM_03) && name.equals("modified"))
                    || (ns.equals(DCTERMS) && name.equals("modified"));
            if (rank == Integer.MAX_VALUE && !isUpdated) {
                continue;
            }
            Instant date = FeedDates.parse(child.getText());
            if (rank < publishedRank && date != null) {
                published = date;
                publishedRank = rank;
            } else if (isUpdated && updated == null) {
                updated = date;
            }
            child.detach();
        }
        return new ItemDates(published, updated);
    }

    /** Which element holds the publication date, best first; MAX_VALUE for other elements. */
    private static int publishedRank(String ns, String name, String itemNs) {
        if (name.equals("pubDate") && (ns.isEmpty() || ns.equals(itemNs))) {
            return 0;
        }
        if (ns.equals(ATOM.getURI()) && name.equals("published")) {
            return 1;
        }
        if (ns.equals(ATOM_03) && name.equals("issued")) {
            return 2;
        }
        if (ns.equals(DC) && name.equals("date")) {
            return 3;
        }
        if (ns.equals(ATOM_03) && name.equals("created")) {
            return 4;
        }
        if (ns.equals(DCTERMS) && (name.equals("issued") || name.equals("created"))) {
            return 5;
        }
        return Integer.MAX_VALUE;
    }

    /**
     * The text from its XML declaration or feed element on, when something else comes first (a
     * server-side warning printed before the feed, a stray character).
     */
    private static String withoutLeadingJunk(String text) {
        if (text.isEmpty() || text.charAt(0) == '<') {
            return text;
        }
        Matcher m = FEED_START.matcher(text);
        m.region(0, Math.min(text.length(), 4096));
        return m.find() ? text.substring(m.start()) : text;
    }

    /** Parses, declaring namespace prefixes the feed uses without declaring (a common podcast feed bug). */
    private static Document parseXml(String xml) throws FeedProblem {
        try {
            return SafeXml.parse(xml);
        } catch (FeedProblem.MalformedXml e) {
            if (e.getMessage() == null || !e.getMessage().contains("is not bound")) {
                throw e;
            }
            String declared = Namespaces.declareMissing(xml);
            if (declared == null) {
                throw e;
            }
            try {
                return SafeXml.parse(declared);
            } catch (FeedProblem.MalformedXml again) {
                throw e;
            }
        }
    }

    /** Gives Rome what it expects: an RSS version it knows, Atom elements in the Atom namespace. */
    private static void adjustForRome(Element root) {
        String name = root.getName().toLowerCase(Locale.ROOT);
        if (name.equals("rss") || name.equals("rdf")) {
            Namespace channelNs = name.equals("rss") ? root.getNamespace() : rdfChannelNamespace(root);
            if (root.getChild("channel", channelNs) == null) {
                root.addContent(0, new Element("channel", channelNs));
            }
        }
        if (name.equals("rss")) {
            if (!root.getNamespaceURI().isEmpty()) {
                moveNamespace(root, root.getNamespaceURI(), Namespace.NO_NAMESPACE);
            }
            String version = root.getAttributeValue("version");
            String v = version == null ? "" : version.strip();
            if (!RSS_VERSIONS.contains(v)) {
                root.setAttribute("version", v.startsWith("0.9") && v.length() == 4 ? "0.94" : "2.0");
            }
        } else if (name.equals("feed")) {
            String ns = root.getNamespaceURI();
            if (!ns.equals(ATOM.getURI()) && !ns.equals(ATOM_03)) {
                moveNamespace(root, ns, ATOM);
            }
        }
    }

    /** The namespace of an RDF feed's channel: RSS 1.0's or 0.90's, whichever the document declares. */
    private static Namespace rdfChannelNamespace(Element root) {
        for (Element child : root.getChildren()) {
            if (child.getName().equals("channel") || child.getName().equals("item")) {
                return child.getNamespace();
            }
        }
        Namespace declared = root.getNamespace("");
        return declared != null && !declared.getURI().isEmpty() ? declared : RSS_10;
    }

    private static void moveNamespace(Element element, String from, Namespace to) {
        if (element.getNamespaceURI().equals(from)) {
            element.setNamespace(to);
        }
        for (Element child : element.getChildren()) {
            moveNamespace(child, from, to);
        }
    }

    private static ParsedFeed read(SyndFeed feed, Element root, URI feedUri, List<Element> elements,
                                   List<ItemDates> dates) {
        URI rootBase = xmlBase(root, feedUri);
        String siteLink = Urls.resolve(siteLink(feed), rootBase != null ? rootBase : feedUri);
        URI linkBase = rootBase != null ? rootBase : siteLink != null ? Urls.parse(siteLink) : feedUri;
        String feedLang = Languages.normalise(feed.getLanguage());
        if (feedLang == null) {
            feedLang = Languages.normalise(root.getAttributeValue("lang", Namespace.XML_NAMESPACE));
        }
        String feedAuthor = feed.getFeedType() != null && feed.getFeedType().startsWith("atom")
                ? author(feed.getAuthors(), feed.getAuthor()) : null;
        List<SyndEntry> entries = feed.getEntries();
        List<FeedItem> items = new ArrayList<>(Math.min(entries.size(), MAX_ITEMS));
        for (int i = 0; i < entries.size() && items.size() < MAX_ITEMS; i++) {
            Element element = elements == null ? null : elements.get(i);
            SyndEntry entry = entries.get(i);
            ItemDates itemDates = dates == null
                    ? new ItemDates(instant(entry.getPublishedDate()), instant(entry.getUpdatedDate()))
                    : dates.get(i);
            URI base = element == null ? null : xmlBase(element, feedUri);
            FeedItem item = item(entry, element, itemDates, base != null ? base : linkBase, feedLang, feedAuthor);
            if (item != null) {
                items.add(item);
            }
        }
        String title = HtmlText.oneLine(HtmlText.fromMaybeHtml(feed.getTitle(), HtmlText.MAX_TITLE));
        return new ParsedFeed(title, siteLink, feed.getFeedType(), items);
    }

    /** The web site of the feed: Rome gives Atom's first link, which may be the feed itself. */
    private static String siteLink(SyndFeed feed) {
        for (SyndLink l : feed.getLinks()) {
            if ((l.getRel() == null || l.getRel().equals("alternate")) && blankToNull(l.getHref()) != null) {
                return l.getHref();
            }
        }
        String link = blankToNull(feed.getLink());
        for (SyndLink l : feed.getLinks()) {
            if ("self".equals(l.getRel()) && link != null && link.equals(blankToNull(l.getHref()))) {
                return null;
            }
        }
        return link;
    }

    private static FeedItem item(SyndEntry entry, Element element, ItemDates dates, URI base, String feedLang,
                                 String feedAuthor) {
        String title = HtmlText.oneLine(content(entry.getTitleEx(), HtmlText.MAX_TITLE, false));
        String text = null;
        for (SyndContent c : entry.getContents()) {
            text = content(c, HtmlText.MAX_TEXT, true);
            if (text != null) {
                break;
            }
        }
        if (text == null) {
            text = content(entry.getDescription(), HtmlText.MAX_TEXT, true);
        }
        String link = Urls.resolve(entryLink(entry), base);
        String guid = blankToNull(entry.getUri());
        if (link == null && title == null && text == null && guid == null) {
            return null;
        }
        String author = author(entry.getAuthors(), entry.getAuthor());
        if (author == null) {
            author = feedAuthor;
        }
        String lang = itemLanguage(entry, element);
        return new FeedItem(link, guid, title, text, dates.published(), dates.updated(), author,
                categories(entry.getCategories()), enclosure(entry, base), image(entry, element, base),
                lang != null ? lang : feedLang);
    }

    /** Text of a title or description by its declared type: HTML unless declared as plain text. */
    private static String content(SyndContent c, int max, boolean htmlByDefault) {
        if (c == null || c.getValue() == null) {
            return null;
        }
        String type = c.getType() == null ? "" : c.getType().toLowerCase(Locale.ROOT);
        if (type.equals("text") || type.equals("text/plain")) {
            return HtmlText.fromPlain(c.getValue(), max);
        }
        if (type.contains("html")) {
            return HtmlText.fromHtml(c.getValue(), max);
        }
        return htmlByDefault ? HtmlText.fromHtml(c.getValue(), max) : HtmlText.fromMaybeHtml(c.getValue(), max);
    }

    private static String entryLink(SyndEntry entry) {
        if (blankToNull(entry.getLink()) != null) {
            return entry.getLink();
        }
        for (SyndLink l : entry.getLinks()) {
            if ((l.getRel() == null || l.getRel().equals("alternate")) && blankToNull(l.getHref()) != null) {
                return l.getHref();
            }
        }
        return null;
    }

    /** The items' elements in document order, to read xml:base and xml:lang from. */
    private static List<Element> entryElements(Element root) {
        String name = root.getName().toLowerCase(Locale.ROOT);
        Namespace ns = root.getNamespace();
        if (name.equals("feed")) {
            return root.getChildren("entry", ns);
        }
        if (name.equals("rss")) {
            Element channel = root.getChild("channel", ns);
            return channel == null ? List.of() : channel.getChildren("item", ns);
        }
        List<Element> items = new ArrayList<>();
        for (Element child : root.getChildren()) {
            if (child.getName().equals("item")) {
                items.add(child);
            }
        }
        return items;
    }

    /** The base URI that xml:base attributes on the element and its ancestors set; null when none does. */
    private static URI xmlBase(Element element, URI documentUri) {
        List<String> bases = new ArrayList<>();
        for (Parent p = element; p instanceof Element e; p = e.getParent()) {
            String base = e.getAttributeValue("base", Namespace.XML_NAMESPACE);
            if (base != null && !base.isBlank()) {
                bases.add(base);
            }
        }
        if (bases.isEmpty()) {
            return null;
        }
        URI base = documentUri;
        for (int i = bases.size() - 1; i >= 0; i--) {
            URI ref = Urls.parse(bases.get(i));
            if (ref != null) {
                URI resolved = ref.isAbsolute() ? ref : Urls.against(base, ref);
                if (resolved != null) {
                    base = resolved;
                }
            }
        }
        return base;
    }

    private static String itemLanguage(SyndEntry entry, Element element) {
        if (entry.getModule(DCModule.URI) instanceof DCModule dc && dc.getLanguage() != null) {
            String lang = Languages.normalise(dc.getLanguage());
            if (lang != null) {
                return lang;
            }
        }
        for (Parent p = element; p instanceof Element e; p = e.getParent()) {
            Attribute lang = e.getAttribute("lang", Namespace.XML_NAMESPACE);
            if (lang != null) {
                return Languages.normalise(lang.getValue());
            }
        }
        return null;
    }

    /** A display name from Atom persons or an RSS author ("jane@example.com (Jane Doe)" → "Jane Doe"). */
    private static String author(List<SyndPerson> persons, String fallback) {
        for (SyndPerson p : persons) {
            String name = cleanName(p.getName());
            if (name != null) {
                return name;
            }
        }
        return cleanName(fallback);
    }

    private static String cleanName(String raw) {
        String name = HtmlText.oneLine(HtmlText.fromMaybeHtml(raw, 300));
        if (name == null) {
            return null;
        }
        Matcher m = NAME_IN_PARENS.matcher(name);
        if (m.matches()) {
            return m.group(1).strip();
        }
        m = NAME_BEFORE_EMAIL.matcher(name);
        if (m.matches()) {
            return m.group(1).replace("\"", "").strip();
        }
        return name;
    }

    private static List<String> categories(List<SyndCategory> categories) {
        Set<String> names = new LinkedHashSet<>();
        for (SyndCategory c : categories) {
            String name = HtmlText.oneLine(HtmlText.fromMaybeHtml(c.getName(), 200));
            if (name != null && names.size() < MAX_CATEGORIES) {
                names.add(name);
            }
        }
        return List.copyOf(names);
    }

    private static String enclosure(SyndEntry entry, URI base) {
        for (SyndEnclosure e : entry.getEnclosures()) {
            String url = Urls.resolve(e.getUrl(), base);
            if (url != null) {
                return url;
            }
        }
        return null;
    }

    /** An image for the item: an image enclosure, Media RSS thumbnail or image, or an iTunes image. */
    private static String image(SyndEntry entry, Element element, URI base) {
        for (SyndEnclosure e : entry.getEnclosures()) {
            if (e.getType() != null && e.getType().toLowerCase(Locale.ROOT).startsWith("image/")) {
                String url = Urls.resolve(e.getUrl(), base);
                if (url != null) {
                    return url;
                }
            }
        }
        List<Element> candidates = element != null ? element.getChildren() : entry.getForeignMarkup();
        return mediaImage(candidates, base, 0);
    }

    private static String mediaImage(List<Element> elements, URI base, int depth) {
        for (Element e : elements) {
            String ns = e.getNamespaceURI();
            String name = e.getName();
            String url = null;
            if (ns.equals(MEDIA) && name.equals("thumbnail")) {
                url = e.getAttributeValue("url");
            } else if (ns.equals(MEDIA) && name.equals("content")) {
                String medium = e.getAttributeValue("medium", "");
                String type = e.getAttributeValue("type", "");
                if (medium.equals("image") || type.startsWith("image/")) {
                    url = e.getAttributeValue("url");
                }
            } else if (ns.equals(ITUNES) && name.equals("image")) {
                url = e.getAttributeValue("href");
            }
            String resolved = Urls.resolve(url, base);
            if (resolved != null) {
                return resolved;
            }
            if (depth == 0 && ns.equals(MEDIA) && (name.equals("group") || name.equals("content"))) {
                String nested = mediaImage(e.getChildren(), base, 1);
                if (nested != null) {
                    return nested;
                }
            }
        }
        return null;
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String preview(String text) {
        String p = text.length() > 40 ? text.substring(0, 40) + "…" : text;
        return p.replaceAll("\\s+", " ");
    }
}
