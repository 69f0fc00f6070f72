package io.earshot.plugins.youtube;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Small readers for the values YouTube returns. */
final class Text {

    private static final Pattern ENTITY = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});");
    private static final Map<String, String> NAMED = Map.of("amp", "&", "lt", "<", "gt", ">", "quot", "\"",
            "apos", "'", "nbsp", " ");
    /** Language subtags that name no language: undetermined, no linguistic content, multiple. */
    private static final Set<String> NO_LANGUAGE = Set.of("und", "zxx", "mul", "mis");

    private Text() {
    }

    /**
     * Replaces the character references YouTube puts into search snippets ({@code &amp;},
     * {@code &#39;}, {@code &quot;}...) by the characters; unknown names stay as they are.
     */
    static String unescapeHtml(String s) {
        if (s == null || s.indexOf('&') < 0) {
            return s;
        }
        Matcher m = ENTITY.matcher(s);
        StringBuilder out = new StringBuilder(s.length());
        while (m.find()) {
            String ref = m.group(1);
            String replacement;
            if (ref.charAt(0) == '#') {
                boolean hex = ref.length() > 1 && (ref.charAt(1) == 'x' || ref.charAt(1) == 'X');
                int cp = Integer.parseInt(ref.substring(hex ? 2 : 1), hex ? 16 : 10);
                replacement = Character.isValidCodePoint(cp) && cp != 0 ? Character.toString(cp) : m.group();
            } else {
                replacement = NAMED.getOrDefault(ref, m.group());
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** "en-US" → "en", "pt_BR" → "pt"; null for no language ("zxx", "und") or nothing usable. */
    static String language(String tag) {
        if (tag == null || tag.isBlank()) {
            return null;
        }
        String primary = tag.strip().toLowerCase(Locale.ROOT).replace('_', '-').split("-")[0];
        if (NO_LANGUAGE.contains(primary) || !primary.matches("[a-z]{2,3}")) {
            return null;
        }
        return primary;
    }

    /** A count YouTube gives as a string ("1234") or a number; null when absent or not a count. */
    static Long count(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isIntegralNumber()) {
            long v = node.asLong();
            return v < 0 ? null : v;
        }
        try {
            long v = Long.parseLong(node.asText().strip());
            return v < 0 ? null : v;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** An RFC 3339 time, or null. */
    static Instant instant(JsonNode node) {
        if (node == null || !node.isTextual()) {
            return null;
        }
        try {
            return Instant.parse(node.asText());
        } catch (DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(node.asText()).toInstant();
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }

    /** A non-blank string field, or null. */
    static String string(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || !v.isValueNode() || v.isNull()) {
            return null;
        }
        String s = v.asText();
        return s.isBlank() ? null : s;
    }
}
