package io.earshot.plugins.rss;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Entities;

/**
 * Mends the breakage that feed generators commonly produce and that would otherwise lose a whole
 * feed over one character, without touching the structure of the document:
 * <ul>
 *   <li>a bare {@code &} (as in {@code AT&T} or {@code ?a=1&b=2}) becomes {@code &amp;};</li>
 *   <li>HTML entities such as {@code &nbsp;} or {@code &eacute;}, undeclared in XML, become
 *       character references (unless the document declares them itself);</li>
 *   <li>characters XML forbids (control characters, references to them) are dropped.</li>
 * </ul>
 * CDATA sections and comments are copied as they are (less forbidden characters), the document
 * type declaration untouched. Mismatched or unclosed tags are not mended: such a feed is broken.
 */
final class XmlRepair {

    private static final Set<String> XML_ENTITIES = Set.of("amp", "lt", "gt", "quot", "apos");
    private static final Pattern XML_DECLARATION = Pattern.compile("<\\?xml\\s");
    private static final Pattern TRUNCATED_END_TAG = Pattern.compile("</[A-Za-z_][\\w.:-]*\\s*$");
    private static final Pattern DECLARED_ENTITY = Pattern.compile("<!ENTITY\\s+([^\\s%]+)\\s");

    private XmlRepair() {
    }

    /** The text, mended; the same instance when nothing needed mending. */
    static String repair(String xml) {
        int n = xml.length();
        StringBuilder out = null;
        Set<String> declared = Set.of();
        int copied = 0;
        int i = 0;
        while (i < n) {
            char c = xml.charAt(i);
            if (c == '<') {
                int end = skipVerbatim(xml, i);
                if (end > i) {
                    if (i > 0 && XML_DECLARATION.matcher(xml).region(i, end).lookingAt()) {
                        // an XML declaration after a comment or junk: not allowed there, and useless
                        out = flush(out, xml, copied, i);
                        copied = end;
                    } else if (xml.startsWith("<!DOCTYPE", i)) {
                        declared = declaredEntities(xml.substring(i, end));
                    } else if (hasForbidden(xml, i, end)) {
                        out = flush(out, xml, copied, i);
                        appendAllowed(out, xml, i, end);
                        copied = end;
                    }
                    i = end;
                    continue;
                }
                i++;
            } else if (c == '&') {
                int end = referenceEnd(xml, i);
                if (end > 0 && isPredefined(xml, i + 1, end - 1)) {
                    i = end;
                    continue;
                }
                String replacement = end < 0 ? "&amp;" : mendReference(xml.substring(i + 1, end - 1), declared);
                if (replacement == null) {
                    i = end;
                    continue;
                }
                out = flush(out, xml, copied, i);
                out.append(replacement);
                i = end < 0 ? i + 1 : end;
                copied = i;
            } else if (isForbidden(c) || Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(xml.charAt(i + 1))) {
                    i += 2;
                    continue;
                }
                out = flush(out, xml, copied, i);
                i++;
                copied = i;
            } else {
                i++;
            }
        }
        if (out == null && !endsWithTruncatedTag(xml)) {
            return xml;
        }
        if (out == null) {
            out = new StringBuilder(xml.length() + 1);
        }
        out.append(xml, copied, n);
        if (endsWithTruncatedTag(out)) {
            // the last end tag lost its '>' (a truncated upload); nothing else is missing
            out.append('>');
        }
        return out.toString();
    }

    private static boolean endsWithTruncatedTag(CharSequence text) {
        int from = Math.max(0, text.length() - 200);
        return TRUNCATED_END_TAG.matcher(text).region(from, text.length()).find();
    }

    private static StringBuilder flush(StringBuilder out, String xml, int from, int to) {
        StringBuilder b = out != null ? out : new StringBuilder(xml.length() + 64);
        b.append(xml, from, to);
        return b;
    }

    /**
     * The end of a CDATA section, comment, processing instruction or document type declaration
     * starting at {@code i}, or {@code i} when none starts there.
     */
    static int skipVerbatim(String xml, int i) {
        if (xml.startsWith("<![CDATA[", i)) {
            return endAfter(xml, "]]>", i + 9);
        }
        if (xml.startsWith("<!--", i)) {
            return endAfter(xml, "-->", i + 4);
        }
        if (xml.startsWith("<?", i)) {
            return endAfter(xml, "?>", i + 2);
        }
        if (xml.startsWith("<!DOCTYPE", i)) {
            int depth = 0;
            char quote = 0;
            for (int j = i + 9; j < xml.length(); j++) {
                char c = xml.charAt(j);
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    }
                } else if (c == '"' || c == '\'') {
                    quote = c;
                } else if (c == '[') {
                    depth++;
                } else if (c == ']') {
                    depth--;
                } else if (c == '>' && depth <= 0) {
                    return j + 1;
                }
            }
            return xml.length();
        }
        return i;
    }

    private static int endAfter(String xml, String terminator, int from) {
        int j = xml.indexOf(terminator, from);
        return j < 0 ? xml.length() : j + terminator.length();
    }

    private static Set<String> declaredEntities(String doctype) {
        Set<String> names = new HashSet<>();
        Matcher m = DECLARED_ENTITY.matcher(doctype);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The index after the {@code ;} of a syntactically valid reference at {@code i}, or -1. */
    private static int referenceEnd(String xml, int i) {
        int n = xml.length();
        int j = i + 1;
        if (j < n && xml.charAt(j) == '#') {
            j++;
            boolean hex = j < n && (xml.charAt(j) == 'x' || xml.charAt(j) == 'X');
            if (hex) {
                j++;
            }
            int digits = j;
            while (j < n && j - digits < 8 && (hex ? isHexDigit(xml.charAt(j)) : Character.isDigit(xml.charAt(j)))) {
                j++;
            }
            return j > digits && j < n && xml.charAt(j) == ';' ? j + 1 : -1;
        }
        int start = j;
        while (j < n && j - start < 40 && isNameChar(xml.charAt(j), j == start)) {
            j++;
        }
        return j > start && j < n && xml.charAt(j) == ';' ? j + 1 : -1;
    }

    /** What a reference (without {@code &} and {@code ;}) should become, or null to keep it. */
    private static String mendReference(String name, Set<String> declared) {
        if (name.charAt(0) == '#') {
            boolean hex = name.length() > 1 && (name.charAt(1) == 'x' || name.charAt(1) == 'X');
            long code;
            try {
                code = Long.parseLong(name.substring(hex ? 2 : 1), hex ? 16 : 10);
            } catch (NumberFormatException e) {
                return "";
            }
            if (!isAllowedCodePoint(code)) {
                return "";
            }
            return hex && name.charAt(1) == 'X' ? "&#x" + name.substring(2) + ";" : null;
        }
        if (XML_ENTITIES.contains(name) || declared.contains(name)) {
            return null;
        }
        String value = Entities.getByName(name);
        if (!value.isEmpty()) {
            StringBuilder refs = new StringBuilder();
            value.codePoints().forEach(cp -> refs.append("&#").append(cp).append(';'));
            return refs.toString();
        }
        return declared.isEmpty() ? "&amp;" + name + ";" : null;
    }

    /** Whether the name between {@code from} and {@code to} is one of XML's five predefined entities. */
    private static boolean isPredefined(String xml, int from, int to) {
        return switch (to - from) {
            case 2 -> xml.startsWith("lt", from) || xml.startsWith("gt", from);
            case 3 -> xml.startsWith("amp", from);
            case 4 -> xml.startsWith("quot", from) || xml.startsWith("apos", from);
            default -> false;
        };
    }

    private static boolean hasForbidden(String xml, int from, int to) {
        for (int i = from; i < to; i++) {
            if (isForbidden(xml.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static void appendAllowed(StringBuilder out, String xml, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = xml.charAt(i);
            if (!isForbidden(c)) {
                out.append(c);
            }
        }
    }

    private static boolean isForbidden(char c) {
        return c < 0x20 ? c != '\t' && c != '\n' && c != '\r' : c == 0xFFFE || c == 0xFFFF;
    }

    private static boolean isAllowedCodePoint(long cp) {
        return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD)
                || (cp >= 0x10000 && cp <= 0x10FFFF);
    }

    private static boolean isHexDigit(char c) {
        return Character.digit(c, 16) >= 0;
    }

    private static boolean isNameChar(char c, boolean first) {
        if (Character.isLetter(c) || c == '_' || c == ':') {
            return true;
        }
        return !first && (Character.isDigit(c) || c == '-' || c == '.');
    }
}
