package io.earshot.plugins.rss;

import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeVisitor;

/**
 * Reduces the HTML of feed titles and descriptions to plain text: markup removed, entities
 * decoded, scripts, styles and embedded objects dropped with their content, paragraphs kept as blank
 * lines and line breaks as new lines, white space tidied. HTML that was escaped twice (a common
 * feed bug: {@code &amp;lt;p&amp;gt;}) is unwrapped once more.
 */
final class HtmlText {

    /** Longest text kept; longer text is cut at a word and ends with "…". */
    static final int MAX_TEXT = 20_000;
    static final int MAX_TITLE = 1_000;

    private static final Pattern LOOKS_LIKE_HTML = Pattern.compile(
            "<(?:[a-zA-Z][a-zA-Z0-9]*(?:\\s[^<>]*)?/?|/[a-zA-Z][a-zA-Z0-9]*\\s*|!--.*?--)>|&(?:#\\d+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]{1,31});",
            Pattern.DOTALL);
    private static final Pattern ESCAPED_TAGS = Pattern.compile(
            "</?(?:p|br|div|a|b|i|em|strong|span|img|ul|ol|li|h[1-6]|blockquote|table)\\b[^<>]*>",
            Pattern.CASE_INSENSITIVE);
    private static final Set<String> DROPPED = Set.of("script", "style", "noscript", "template", "iframe", "object",
            "embed", "svg", "math", "head", "title", "meta", "link", "button", "select", "input", "textarea", "form");
    private static final Set<String> PARAGRAPHS = Set.of("p", "div", "section", "article", "header", "footer", "aside",
            "nav", "main", "blockquote", "pre", "figure", "figcaption", "table", "ul", "ol", "dl", "h1", "h2", "h3", "h4",
            "h5", "h6", "hr", "address", "details", "summary", "center");
    private static final Set<String> LINES = Set.of("li", "tr", "dt", "dd", "caption", "option");
    private static final Set<String> CELLS = Set.of("td", "th");

    private HtmlText() {
    }

    /** Text that is HTML (RSS descriptions, Atom {@code type="html"}) as plain text; null when blank. */
    static String fromHtml(String html, int maxLength) {
        if (html == null) {
            return null;
        }
        String text = html.indexOf('<') < 0 && html.indexOf('&') < 0 ? tidy(html) : render(html);
        if (ESCAPED_TAGS.matcher(text).find()) {
            text = render(text);
        }
        return bound(text, maxLength);
    }

    /**
     * Text that should be plain but often holds HTML anyway (RSS titles): read as HTML only when it
     * contains a tag or an entity, so that "a < b" or "AT&T" stay as they are.
     */
    static String fromMaybeHtml(String text, int maxLength) {
        if (text == null) {
            return null;
        }
        if (LOOKS_LIKE_HTML.matcher(text).find()) {
            return fromHtml(text, maxLength);
        }
        return fromPlain(text, maxLength);
    }

    /** Plain text, white space tidied; null when blank. */
    static String fromPlain(String text, int maxLength) {
        return text == null ? null : bound(tidy(text), maxLength);
    }

    /** On one line: for titles and names. */
    static String oneLine(String text) {
        return text == null ? null : text.replace('\n', ' ').replaceAll(" {2,}", " ").strip();
    }

    private static String render(String html) {
        Element body = Jsoup.parseBodyFragment(html).body();
        StringBuilder out = new StringBuilder(html.length());
        body.traverse(new NodeVisitor() {
            private int skipDepth = -1;
            private int preDepth = -1;

            @Override
            public void head(Node node, int depth) {
                if (skipDepth >= 0) {
                    return;
                }
                if (node instanceof TextNode t) {
                    String text = t.getWholeText();
                    if (preDepth >= 0) {
                        out.append(text);
                    } else {
                        appendCollapsed(out, text);
                    }
                } else if (node instanceof Element e) {
                    String tag = e.normalName();
                    if (tag.equals("pre") && preDepth < 0) {
                        preDepth = depth;
                    }
                    if (DROPPED.contains(tag)) {
                        skipDepth = depth;
                    } else if (tag.equals("br")) {
                        out.append('\n');
                    } else if (PARAGRAPHS.contains(tag)) {
                        lineBreaks(out, 2);
                    } else if (LINES.contains(tag)) {
                        lineBreaks(out, 1);
                    } else if (CELLS.contains(tag) || tag.equals("img")) {
                        out.append(' ');
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
                    } else if (CELLS.contains(tag)) {
                        out.append(' ');
                    }
                }
            }
        });
        return tidy(out.toString());
    }

    /** Ends the text with at least {@code n} line breaks (none at the very start). */
    private static void lineBreaks(StringBuilder out, int n) {
        int end = out.length();
        while (end > 0 && out.charAt(end - 1) == ' ') {
            end--;
        }
        out.setLength(end);
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

    /** Appends the text with every run of white space (new lines too) as one space. */
    private static void appendCollapsed(StringBuilder out, String text) {
        boolean space = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                space = true;
            } else {
                if (space) {
                    out.append(' ');
                    space = false;
                }
                out.append(c);
            }
        }
        if (space) {
            out.append(' ');
        }
    }

    /**
     * Spaces and tabs collapsed to one space, no space at the start or end of a line, at most one
     * blank line in a row, no white space at either end.
     */
    private static String tidy(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int newlines = 0;
        boolean space = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= s.length() || s.charAt(i + 1) != '\n'))) {
                newlines++;
                space = false;
            } else if (c == '\r') {
                continue;
            } else if (c == ' ' || c == '\t' || c == '\u00A0' || c == '\u2007' || c == '\u202F' || c == '\f'
                    || c == '\u000B') {
                space = true;
            } else {
                if (!out.isEmpty()) {
                    if (newlines > 0) {
                        out.append(newlines > 1 ? "\n\n" : "\n");
                    } else if (space) {
                        out.append(' ');
                    }
                }
                newlines = 0;
                space = false;
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String bound(String text, int maxLength) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (text.length() <= maxLength) {
            return text;
        }
        int cut = maxLength - 1;
        int space = text.lastIndexOf(' ', cut);
        if (space > maxLength * 0.8) {
            cut = space;
        }
        if (Character.isHighSurrogate(text.charAt(cut - 1))) {
            cut--;
        }
        return text.substring(0, cut).stripTrailing() + "…";
    }
}
