package io.earshot.plugins.rss;

import java.lang.Character.UnicodeScript;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Language codes as feeds declare them ("en-us", "EN", "eng", "pt_BR") reduced to ISO 639-1
 * ("en", "pt"), and a sanity check against the text: a feed declared as English that carries an
 * item in Cyrillic does not get to call it English.
 */
final class Languages {

    private static final Map<String, String> ISO3_TO_ISO1 = new HashMap<>();
    private static final Set<String> ISO1 = Set.of(Locale.getISOLanguages());
    private static final Map<String, UnicodeScript> NON_LATIN = new HashMap<>();

    static {
        for (String code : Locale.getISOLanguages()) {
            try {
                ISO3_TO_ISO1.put(Locale.of(code).getISO3Language(), code);
            } catch (RuntimeException e) {
                // no three-letter code for it
            }
        }
        ISO3_TO_ISO1.put("ger", "de");
        ISO3_TO_ISO1.put("fre", "fr");
        ISO3_TO_ISO1.put("dut", "nl");
        ISO3_TO_ISO1.put("chi", "zh");
        ISO3_TO_ISO1.put("gre", "el");
        ISO3_TO_ISO1.put("per", "fa");
        ISO3_TO_ISO1.put("cze", "cs");
        for (String l : new String[] {"ru", "uk", "be", "bg", "mk", "kk", "ky", "mn", "tg"}) {
            NON_LATIN.put(l, UnicodeScript.CYRILLIC);
        }
        for (String l : new String[] {"ar", "fa", "ur", "ps"}) {
            NON_LATIN.put(l, UnicodeScript.ARABIC);
        }
        NON_LATIN.put("el", UnicodeScript.GREEK);
        NON_LATIN.put("he", UnicodeScript.HEBREW);
        NON_LATIN.put("yi", UnicodeScript.HEBREW);
        NON_LATIN.put("zh", UnicodeScript.HAN);
        NON_LATIN.put("ko", UnicodeScript.HANGUL);
        NON_LATIN.put("th", UnicodeScript.THAI);
        NON_LATIN.put("hi", UnicodeScript.DEVANAGARI);
        NON_LATIN.put("mr", UnicodeScript.DEVANAGARI);
        NON_LATIN.put("ne", UnicodeScript.DEVANAGARI);
        NON_LATIN.put("ka", UnicodeScript.GEORGIAN);
        NON_LATIN.put("hy", UnicodeScript.ARMENIAN);
        NON_LATIN.put("bn", UnicodeScript.BENGALI);
        NON_LATIN.put("ta", UnicodeScript.TAMIL);
    }

    /** Languages written in several scripts, or whose script check would mislead. */
    private static final Set<String> ANY_SCRIPT = Set.of("sr", "ja", "az", "uz", "tk", "ku", "ms", "pa", "sd", "tt");

    private Languages() {
    }

    /** "en-US" → "en", "eng" → "en"; null when it is no language code. */
    static String normalise(String declared) {
        if (declared == null) {
            return null;
        }
        String l = declared.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        int dash = l.indexOf('-');
        if (dash > 0) {
            l = l.substring(0, dash);
        }
        if (l.equals("iw")) {
            return "he";
        }
        if (l.equals("in")) {
            return "id";
        }
        if (l.equals("ji")) {
            return "yi";
        }
        if (l.length() == 2 && ISO1.contains(l)) {
            return l;
        }
        if (l.length() == 3) {
            return ISO3_TO_ISO1.get(l);
        }
        return null;
    }

    /**
     * The declared language, unless the text is plainly written in another script (a Latin-script
     * language declared for Cyrillic text, Greek declared for Latin text...): then null, and the
     * server detects the language itself.
     */
    static String consistent(String lang, String title, String text) {
        if (lang == null || ANY_SCRIPT.contains(lang)) {
            return lang;
        }
        UnicodeScript dominant = dominantScript(title, text);
        if (dominant == null) {
            return lang;
        }
        UnicodeScript expected = NON_LATIN.getOrDefault(lang, UnicodeScript.LATIN);
        if (expected == UnicodeScript.HAN && (dominant == UnicodeScript.HIRAGANA || dominant == UnicodeScript.KATAKANA)) {
            return null;
        }
        return dominant == expected ? lang : null;
    }

    /** The script of most letters in the first few hundred characters; null when too few letters. */
    private static UnicodeScript dominantScript(String title, String text) {
        Map<UnicodeScript, Integer> counts = new HashMap<>();
        int letters = count(title, counts, 0);
        letters = count(text, counts, letters);
        if (letters < 12) {
            return null;
        }
        UnicodeScript best = null;
        int bestCount = 0;
        for (Map.Entry<UnicodeScript, Integer> e : counts.entrySet()) {
            if (e.getValue() > bestCount) {
                best = e.getKey();
                bestCount = e.getValue();
            }
        }
        return bestCount * 10 >= letters * 6 ? best : null;
    }

    private static int count(String s, Map<UnicodeScript, Integer> counts, int letters) {
        if (s == null) {
            return letters;
        }
        int n = letters;
        for (int i = 0; i < s.length() && n < 400; ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isLetter(cp)) {
                counts.merge(UnicodeScript.of(cp), 1, Integer::sum);
                n++;
            }
        }
        return n;
    }
}
