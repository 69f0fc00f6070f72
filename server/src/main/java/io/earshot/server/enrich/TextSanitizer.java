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
        if ((s.indexOf('<') >= 0 || s.indexOf('&') >= 0) && MARKUP.matcher(s).find()) {
            s = htmlToText(s);
        }
        s = tidy(s);
        if (needsNormalising(s) && !Normalizer.isNormalized(s, Normalizer.Form.NFC)) {
            s = Normalizer.normalize(s, Normalizer.Form.NFC);
        }
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

    /**
     * One pass over the text: control and invisible characters dropped, CR/CRLF to LF, runs of
     * spaces and tabs to one space, spaces around line breaks dropped, at most one blank line in a
     * row, no leading or trailing white space. Returns the input itself when nothing changes
     * (the common case), so clean text costs one scan and no allocation.
     */
    static String tidy(String s) {
        if (isTidy(s)) {
            return s;
        }
        int n = s.length();
        StringBuilder out = new StringBuilder(n);
        int newlines = 0;
        boolean space = false;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            switch (kind(c)) {
                case DROP -> {
                    // control or invisible character
                }
                case NEWLINE -> {
                    if (c == '\r' && i + 1 < n && s.charAt(i + 1) == '\n') {
                        i++;
                    }
                    if (!out.isEmpty()) {
                        newlines++;
                    }
                    space = false;
                }
                case SPACE -> space = !out.isEmpty() && newlines == 0;
                default -> {
                    if (newlines > 0) {
                        out.append(newlines >= 2 ? "\n\n" : "\n");
                    } else if (space) {
                        out.append(' ');
                    }
                    newlines = 0;
                    space = false;
                    out.append(c);
                }
            }
        }
        return out.toString();
    }

    /** Whether {@link #tidy} would return the text unchanged. */
    private static boolean isTidy(String s) {
        int n = s.length();
        if (n == 0) {
            return true;
        }
        if (kind(s.charAt(0)) != PLAIN || kind(s.charAt(n - 1)) != PLAIN) {
            return false;
        }
        char prev = 'x';
        char prev2 = 'x';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            int k = kind(c);
            if (k == DROP || (k == SPACE && c != ' ') || (k == NEWLINE && c != '\n')) {
                return false;
            }
            if (c == ' ' && (prev == ' ' || prev == '\n')) {
                return false;
            }
            if (c == '\n' && (prev == ' ' || (prev == '\n' && prev2 == '\n'))) {
                return false;
            }
            prev2 = prev;
            prev = c;
        }
        return true;
    }

    private static final int PLAIN = 0;
    private static final int SPACE = 1;
    private static final int NEWLINE = 2;
    private static final int DROP = 3;

    private static int kind(char c) {
        if (c >= 0x20 && c < 0x7F) {
            return c == ' ' ? SPACE : PLAIN;
        }
        if (c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029') {
            return NEWLINE;
        }
        if (c == '\t' || c == '\u00A0' || c == '\u3000' || (c >= '\u2000' && c <= '\u200A') || c == '\u202F'
                || c == '\u205F') {
            return SPACE;
        }
        if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u200B' || c == '\u2060' || c == '\uFEFF'
                || c == '\uFFFE' || c == '\uFFFF' || c == '\u00AD' || c == LINE_BREAK.charAt(0)) {
            return DROP;
        }
        return PLAIN;
    }

    /** Text below U+0300 has nothing to compose: skip the normaliser for it. */
    private static boolean needsNormalising(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= '\u0300') {
                return true;
            }
        }
        return false;
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
