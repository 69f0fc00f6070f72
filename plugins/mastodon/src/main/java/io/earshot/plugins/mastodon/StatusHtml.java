package io.earshot.plugins.mastodon;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeVisitor;

/**
 * The HTML of a status ({@code content}) as plain text, and the web links in it. Mastodon writes
 * paragraphs as {@code <p>}, line breaks as {@code <br>}, and shortens the visible text of links
 * with {@code <span class="invisible">} parts: the text keeps those parts, so links appear in
 * full. Mention and hashtag links are not counted as links.
 */
final class StatusHtml {

    /** Longest text kept; longer text is cut and ends with "…". */
    static final int MAX_TEXT = 20_000;
    private static final int MAX_LINKS = 50;

    private static final Set<String> DROPPED = Set.of("script", "style", "template", "iframe", "object", "embed",
            "svg", "math", "head", "title", "button", "form");
    private static final Set<String> PARAGRAPHS = Set.of("p", "div", "blockquote", "pre", "ul", "ol", "h1", "h2", "h3",
            "h4", "h5", "h6", "hr", "table", "figure");
    private static final Set<String> LINES = Set.of("li", "tr", "dt", "dd");

    private StatusHtml() {
    }

    /** Plain text and links of a status's HTML. */
    record Rendered(String text, List<String> links) {
    }

    static Rendered render(String html) {
        if (html == null || html.isBlank()) {
            return new Rendered(null, List.of());
        }
        Element body = Jsoup.parseBodyFragment(html).body();
        StringBuilder out = new StringBuilder(html.length());
        Set<String> links = new LinkedHashSet<>();
        body.traverse(new NodeVisitor() {
            private int skipDepth = -1;
            private int preDepth = -1;

            @Override
            public void head(Node node, int depth) {
                if (skipDepth >= 0) {
                    return;
                }
                if (node instanceof TextNode t) {
                    if (preDepth >= 0) {
                        out.append(t.getWholeText());
                    } else {
                        appendCollapsed(out, t.getWholeText());
                    }
                } else if (node instanceof Element e) {
                    String tag = e.normalName();
                    if (DROPPED.contains(tag)) {
                        skipDepth = depth;
                        return;
                    }
                    if (tag.equals("pre") && preDepth < 0) {
                        preDepth = depth;
                    }
                    if (tag.equals("a")) {
                        link(e, links);
                    }
                    if (tag.equals("br")) {
                        trimTrailingSpaces(out);
                        out.append('\n');
                    } else if (PARAGRAPHS.contains(tag)) {
                        lineBreaks(out, 2);
                    } else if (LINES.contains(tag)) {
                        lineBreaks(out, 1);
                    }
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (skipDepth >= 0) {
                    if (depth == skipDepth) {
                        skipDepth = -1;
                    }
                    return;
                }
                if (depth == preDepth) {
                    preDepth = -1;
                }
                if (node instanceof Element e) {
                    String tag = e.normalName();
                    if (PARAGRAPHS.contains(tag)) {
                        lineBreaks(out, 2);
                    } else if (LINES.contains(tag)) {
                        lineBreaks(out, 1);
                    }
                }
            }
        });
        String text = bound(tidy(out.toString()));
        List<String> linkList = new ArrayList<>(links);
        return new Rendered(text, linkList.size() > MAX_LINKS ? linkList.subList(0, MAX_LINKS) : linkList);
    }

    /** Plain text of a short HTML fragment (a display name, a spoiler text), on one line. */
    static String oneLine(String htmlOrText) {
        if (htmlOrText == null || htmlOrText.isBlank()) {
            return null;
        }
        String text = htmlOrText.indexOf('<') < 0 && htmlOrText.indexOf('&') < 0
                ? htmlOrText : Jsoup.parseBodyFragment(htmlOrText).body().text();
        String s = text.replaceAll("\\s+", " ").strip();
        return s.isEmpty() ? null : s;
    }

    private static void link(Element a, Set<String> links) {
        String classes = a.className().toLowerCase(Locale.ROOT);
        String rel = a.attr("rel").toLowerCase(Locale.ROOT);
        if (classes.contains("mention") || classes.contains("hashtag") || rel.contains("tag")) {
            return;
        }
        String href = a.attr("href").strip();
        if (href.regionMatches(true, 0, "http://", 0, 7) || href.regionMatches(true, 0, "https://", 0, 8)) {
            links.add(href);
        }
    }

    private static void appendCollapsed(StringBuilder out, String text) {
        boolean space = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                space = true;
            } else {
                if (space && !out.isEmpty() && out.charAt(out.length() - 1) != '\n') {
                    out.append(' ');
                }
                space = false;
                out.append(c);
            }
        }
        if (space && !out.isEmpty() && out.charAt(out.length() - 1) != '\n') {
            out.append(' ');
        }
    }

    private static void trimTrailingSpaces(StringBuilder out) {
        int end = out.length();
        while (end > 0 && out.charAt(end - 1) == ' ') {
            end--;
        }
        out.setLength(end);
    }

    private static void lineBreaks(StringBuilder out, int n) {
        trimTrailingSpaces(out);
        int end = out.length();
        if (end == 0) {
            return;
        }
        int have = 0;
        while (have < end && out.charAt(end - 1 - have) == '\n') {
            have++;
        }
        for (int i = have; i < n; i++) {
            out.append('\n');
        }
    }

    /** No space at line ends, at most one blank line in a row, nothing blank at either end. */
    private static String tidy(String s) {
        String[] lines = s.replace("\u00A0", " ").split("\n", -1);
        StringBuilder out = new StringBuilder(s.length());
        int blank = 0;
        for (String line : lines) {
            String l = line.strip();
            if (l.isEmpty()) {
                blank++;
                continue;
            }
            if (!out.isEmpty()) {
                out.append(blank > 0 ? "\n\n" : "\n");
            }
            blank = 0;
            out.append(l);
        }
        return out.toString();
    }

    private static String bound(String text) {
        if (text.isEmpty()) {
            return null;
        }
        if (text.length() <= MAX_TEXT) {
            return text;
        }
        int cut = MAX_TEXT - 1;
        if (Character.isHighSurrogate(text.charAt(cut - 1))) {
            cut--;
        }
        return text.substring(0, cut).stripTrailing() + "…";
    }
}
