package io.earshot.plugins.bluesky;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides whether a post is wanted: it contains one of the keywords as a whole word or phrase
 * (ignoring case, in any script), or carries one of the hashtags, and, when languages are set,
 * declares one of them. Also turns the keywords and hashtags into search queries. Immutable and
 * thread-safe.
 */
final class Matcher {

    private final List<Pattern> keywords;
    private final Set<String> hashtags;
    private final Set<String> languages;
    private final List<String> queries;

    Matcher(List<String> keywords, List<String> hashtags, List<String> languages) {
        List<Pattern> patterns = new ArrayList<>();
        List<String> q = new ArrayList<>();
        for (String k : keywords) {
            String normal = normalise(k).strip();
            boolean prefix = normal.endsWith("*");
            while (normal.endsWith("*")) {
                normal = normal.substring(0, normal.length() - 1).strip();
            }
            if (normal.isEmpty()) {
                continue;
            }
            patterns.add(pattern(normal, prefix));
            q.add(normal.matches(".*\\s.*") ? "\"" + normal.replace("\"", "") + "\"" : normal);
        }
        Set<String> tags = new LinkedHashSet<>();
        for (String h : hashtags) {
            String tag = normalise(h.startsWith("#") ? h.substring(1) : h).strip().toLowerCase(Locale.ROOT);
            if (!tag.isEmpty() && tags.add(tag)) {
                q.add("#" + tag);
            }
        }
        Set<String> langs = new LinkedHashSet<>();
        languages.forEach(l -> langs.add(l.toLowerCase(Locale.ROOT)));
        this.keywords = List.copyOf(patterns);
        this.hashtags = Set.copyOf(tags);
        this.languages = Set.copyOf(langs);
        this.queries = List.copyOf(new LinkedHashSet<>(q));
    }

    /** One search query per keyword (phrases quoted) and per hashtag ({@code #tag}). */
    List<String> queries() {
        return queries;
    }

    /** The language filter, lower case; empty for all. */
    Set<String> languages() {
        return languages;
    }

    /**
     * Whether a post matches.
     *
     * @param text        the post's text
     * @param tags        its hashtags (facets and the record's tags), any case, without {@code #}
     * @param extraText   other text of the post worth matching (link card title, link URLs); may be empty
     * @param langs       the languages it declares (BCP 47 tags such as en-US)
     */
    boolean matches(String text, List<String> tags, List<String> extraText, List<String> langs) {
        if (!languageMatches(langs)) {
            return false;
        }
        for (String tag : tags) {
            if (hashtags.contains(normalise(tag).toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        if (keywords.isEmpty()) {
            return false;
        }
        List<String> texts = new ArrayList<>();
        if (text != null) {
            texts.add(normalise(text));
        }
        extraText.stream().filter(java.util.Objects::nonNull).map(Matcher::normalise).forEach(texts::add);
        for (String t : texts) {
            for (Pattern p : keywords) {
                if (p.matcher(t).find()) {
                    return true;
                }
            }
        }
        return false;
    }

    boolean languageMatches(List<String> langs) {
        if (languages.isEmpty()) {
            return true;
        }
        for (String l : langs) {
            String primary = l.split("[-_]")[0].toLowerCase(Locale.ROOT);
            if (languages.contains(primary)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A keyword as a pattern: case-insensitive in every script, not inside a longer word (with
     * {@code prefix}, words that start with it match too: inflected forms), with any run of white
     * space between the words of a phrase. Scripts written without spaces (Chinese, Japanese, Thai)
     * match anywhere.
     */
    private static Pattern pattern(String keyword, boolean prefix) {
        StringBuilder regex = new StringBuilder();
        String[] words = keyword.split("\\s+");
        for (int i = 0; i < words.length; i++) {
            if (i > 0) {
                regex.append("\\s+");
            }
            regex.append(Pattern.quote(words[i]));
        }
        boolean spaceless = keyword.codePoints().anyMatch(Matcher::isSpacelessScript);
        String body = regex.toString();
        if (!spaceless) {
            String first = keyword.substring(0, 1);
            String last = keyword.substring(keyword.length() - 1);
            // boundaries only where the keyword itself starts or ends with a word character
            if (isWordChar(first.codePointAt(0))) {
                body = "(?<![\\p{L}\\p{N}\\p{M}_])" + body;
            }
            if (!prefix && isWordChar(last.codePointAt(0))) {
                body = body + "(?![\\p{L}\\p{N}\\p{M}_])";
            }
        }
        return Pattern.compile(body, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    private static boolean isWordChar(int cp) {
        return Character.isLetterOrDigit(cp) || cp == '_';
    }

    private static boolean isSpacelessScript(int cp) {
        Character.UnicodeScript s = Character.UnicodeScript.of(cp);
        return s == Character.UnicodeScript.HAN || s == Character.UnicodeScript.HIRAGANA
                || s == Character.UnicodeScript.KATAKANA || s == Character.UnicodeScript.THAI
                || s == Character.UnicodeScript.LAO || s == Character.UnicodeScript.KHMER
                || s == Character.UnicodeScript.MYANMAR;
    }

    private static String normalise(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFC);
    }
}
