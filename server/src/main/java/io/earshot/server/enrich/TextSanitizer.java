package io.earshot.server.enrich;

import java.text.Normalizer;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * Turns whatever a source delivered into plain, safe text: markup removed (a mention is written by
 * a stranger; its text is stored as plain text and escaped again wherever it is shown), control
 * characters removed, Unicode normalised (NFC), white space tidied, length bounded.
 */
public final class TextSanitizer {

    /** Looks like HTML: a known tag, a comment, or an entity. */
    private static final Pattern MARKUP = Pattern.compile(
            "<(?:/?(?:a|p|br|div|span|b|i|u|em|strong|img|script|style|iframe|object|embed|svg|math|table|tr|td|th|"
                    + "ul|ol|li|h[1-6]|blockquote|pre|code|font|center|small|big|sup|sub|hr|form|input|button|link|meta|"
                    + "video|audio|source|figure|figcaption|section|article|header|footer|nav|body|html|head|title)\\b[^>]*>"
                    + "|!--)|&(?:#\\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}&&[^\\n\\t]]|[\\u200B\\u2060\\uFEFF]|[\\uFFFE\\uFFFF]");
    private static final Pattern SPACES = Pattern.compile("[ \\t\\u00A0]+");
    private static final Pattern BLANK_LINES = Pattern.compile("\\n{3,}");

    private static final String LINE_BREAK = "\uE000";

    private TextSanitizer() {
    }

    /**
     * @param maxLength longest result; longer text is cut at a word boundary and ends with "…"
     * @return the plain text, or {@code null} for null or blank input
     */
    public static String plainText(String input, int maxLength) {
        if (input == null) {
            return null;
        }
        String s = input;
        if (s.indexOf('<') >= 0 || s.indexOf('&') >= 0) {
            if (MARKUP.matcher(s).find()) {
                s = htmlToText(s);
            }
        }
        s = s.replace("\r\n", "\n").replace('\r', '\n');
        s = CONTROL.matcher(s).replaceAll("").replace(LINE_BREAK, "");
        if (!Normalizer.isNormalized(s, Normalizer.Form.NFC)) {
            s = Normalizer.normalize(s, Normalizer.Form.NFC);
        }
        s = SPACES.matcher(s).replaceAll(" ");
        s = s.replace(" \n", "\n").replace("\n ", "\n");
        s = BLANK_LINES.matcher(s).replaceAll("\n\n").strip();
        if (s.isEmpty()) {
            return null;
        }
        if (s.length() > maxLength) {
            int cut = maxLength - 1;
            int space = s.lastIndexOf(' ', cut);
            if (space > maxLength * 0.8) {
                cut = space;
            }
            if (Character.isHighSurrogate(s.charAt(cut - 1))) {
                cut--;
            }
            s = s.substring(0, cut).stripTrailing() + "…";
        }
        return s;
    }

    /** One line: new lines become spaces (for titles). */
    public static String oneLine(String input, int maxLength) {
        String s = plainText(input, maxLength);
        return s == null ? null : s.replace('\n', ' ').replaceAll(" {2,}", " ");
    }

    private static String htmlToText(String html) {
        Document doc = Jsoup.parseBodyFragment(html);
        doc.select("script, style, noscript, template, iframe, object, embed, svg, math, head").remove();
        // Jsoup's text() folds white space; private-use markers survive it and become line breaks.
        doc.select("br").after(LINE_BREAK);
        doc.select("p, div, li, h1, h2, h3, h4, h5, h6, blockquote, pre, tr").before(LINE_BREAK + LINE_BREAK);
        return doc.text().replace(LINE_BREAK, "\n");
    }
}
