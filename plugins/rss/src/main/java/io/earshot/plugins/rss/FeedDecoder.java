package io.earshot.plugins.rss;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the bytes of a feed into text, whatever its publisher got wrong about the encoding.
 *
 * <p>A byte order mark decides. Otherwise bytes that are valid UTF-8 (and not plain ASCII) are
 * UTF-8: other encodings almost never produce valid UTF-8 by chance, while servers often announce a
 * default charset that the feed does not use. Otherwise the first of the XML declaration's
 * {@code encoding} and the HTTP {@code charset} that decodes the bytes without error is used; the
 * XML declaration comes first, as it is written by the software that wrote the feed. Bytes invalid in
 * every candidate do not lose the feed: a feed declared as UTF-8 with stray single bytes has those
 * read as Windows-1252; otherwise the first candidate is used with replacement characters. Labels
 * are read as browsers read them (ISO-8859-1 and US-ASCII as Windows-1252, GB2312 as GB18030...).
 */
final class FeedDecoder {

    private static final Pattern ENCODING = Pattern.compile(
            "^\\s*<\\?xml[^>]*?\\sencoding\\s*=\\s*[\"']([A-Za-z0-9._:-]+)[\"']");
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private static final String ASCII_PROBE = "<?xml version=\"1.0\" encoding=\"x\"?><rss>";
    /** Labels read as the superset that publishers actually use, as the WHATWG Encoding standard does. */
    private static final Map<String, String> SUPERSETS = Map.ofEntries(
            Map.entry("iso-8859-1", "windows-1252"),
            Map.entry("iso8859-1", "windows-1252"),
            Map.entry("iso_8859-1", "windows-1252"),
            Map.entry("latin1", "windows-1252"),
            Map.entry("us-ascii", "windows-1252"),
            Map.entry("ascii", "windows-1252"),
            Map.entry("iso-8859-9", "windows-1254"),
            Map.entry("iso-8859-11", "x-windows-874"),
            Map.entry("tis-620", "x-windows-874"),
            Map.entry("gb2312", "GB18030"),
            Map.entry("gbk", "GB18030"),
            Map.entry("euc-kr", "x-windows-949"),
            Map.entry("ks_c_5601-1987", "x-windows-949"),
            Map.entry("shift_jis", "windows-31j"),
            Map.entry("sjis", "windows-31j"),
            Map.entry("x-sjis", "windows-31j"),
            Map.entry("big5", "Big5-HKSCS"),
            Map.entry("utf8", "UTF-8"));

    private FeedDecoder() {
    }

    /**
     * @param body        the bytes as received
     * @param httpCharset the charset named by the HTTP {@code Content-Type}, or {@code null}
     * @return the text, without byte order mark and without anything before the first {@code <}
     *         that is only white space
     */
    static String decode(byte[] body, String httpCharset) {
        return stripLeadingSpace(decodeRaw(body, httpCharset));
    }

    private static String decodeRaw(byte[] body, String httpCharset) {
        Charset bom = bomCharset(body);
        if (bom != null) {
            int skip = bom == StandardCharsets.UTF_8 ? 3 : bom.name().startsWith("UTF-32") ? 4 : 2;
            return decodeLenient(body, skip, bom);
        }
        Charset utf16 = utf16WithoutBom(body);
        if (utf16 != null) {
            return decodeLenient(body, 0, utf16);
        }
        if (isAscii(body)) {
            return new String(body, StandardCharsets.US_ASCII);
        }
        String utf8 = decodeStrict(body, StandardCharsets.UTF_8);
        if (utf8 != null) {
            return utf8;
        }
        List<Charset> candidates = new ArrayList<>(2);
        addCandidate(candidates, declaredEncoding(body));
        addCandidate(candidates, httpCharset);
        for (Charset c : candidates) {
            if (c != StandardCharsets.UTF_8 && isAsciiCompatible(c)) {
                String strict = decodeStrict(body, c);
                if (strict != null) {
                    return strict;
                }
            }
        }
        if (candidates.isEmpty() || candidates.contains(StandardCharsets.UTF_8)) {
            return decodeUtf8WithFallback(body);
        }
        Charset first = candidates.stream().filter(FeedDecoder::isAsciiCompatible).findFirst().orElse(WINDOWS_1252);
        return decodeLenient(body, 0, first);
    }

    /** The charset a label names, read as browsers read it; null when unknown. */
    static Charset charset(String label) {
        if (label == null || label.isBlank()) {
            return null;
        }
        String l = label.strip().replace("\"", "").replace("'", "").toLowerCase(Locale.ROOT);
        String name = SUPERSETS.getOrDefault(l, l);
        try {
            return Charset.forName(name);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void addCandidate(List<Charset> candidates, String label) {
        Charset c = charset(label);
        if (c != null && !candidates.contains(c)) {
            candidates.add(c);
        }
    }

    /** The encoding named in the XML declaration, read as ASCII from the first bytes. */
    static String declaredEncoding(byte[] body) {
        int end = Math.min(body.length, 1024);
        String head = new String(body, 0, end, StandardCharsets.ISO_8859_1);
        Matcher m = ENCODING.matcher(head);
        return m.find() ? m.group(1) : null;
    }

    private static Charset bomCharset(byte[] b) {
        if (b.length >= 4 && b[0] == 0 && b[1] == 0 && (b[2] & 0xFF) == 0xFE && (b[3] & 0xFF) == 0xFF) {
            return Charset.forName("UTF-32BE");
        }
        if (b.length >= 4 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE && b[2] == 0 && b[3] == 0) {
            return Charset.forName("UTF-32LE");
        }
        if (b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) {
            return StandardCharsets.UTF_8;
        }
        if (b.length >= 2 && (b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF) {
            return StandardCharsets.UTF_16BE;
        }
        if (b.length >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE) {
            return StandardCharsets.UTF_16LE;
        }
        return null;
    }

    private static Charset utf16WithoutBom(byte[] b) {
        if (b.length >= 4 && b[0] == 0 && b[1] == '<' && b[2] == 0 && b[3] == '?') {
            return StandardCharsets.UTF_16BE;
        }
        if (b.length >= 4 && b[0] == '<' && b[1] == 0 && b[2] == '?' && b[3] == 0) {
            return StandardCharsets.UTF_16LE;
        }
        return null;
    }

    /** Whether the charset writes ASCII as ASCII (so that an XML declaration read as ASCII means something). */
    private static boolean isAsciiCompatible(Charset c) {
        if (!c.canEncode()) {
            return false;
        }
        byte[] probe = ASCII_PROBE.getBytes(StandardCharsets.US_ASCII);
        try {
            return java.util.Arrays.equals(ASCII_PROBE.getBytes(c), probe);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean isAscii(byte[] body) {
        for (byte b : body) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    private static String decodeStrict(byte[] body, Charset charset) {
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String decodeLenient(byte[] body, int offset, Charset charset) {
        return new String(body, offset, body.length - offset, charset);
    }

    /** UTF-8, reading each byte that is not part of a valid sequence as Windows-1252. */
    private static String decodeUtf8WithFallback(byte[] body) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(body.length + 16);
        while (true) {
            CoderResult r = decoder.decode(in, out, true);
            if (r.isUnderflow()) {
                decoder.flush(out);
                break;
            }
            if (r.isOverflow()) {
                CharBuffer bigger = CharBuffer.allocate(out.capacity() * 2);
                out.flip();
                bigger.put(out);
                out = bigger;
                continue;
            }
            byte[] bad = new byte[r.length()];
            in.get(bad);
            String replacement = new String(bad, WINDOWS_1252);
            if (out.remaining() < replacement.length()) {
                CharBuffer bigger = CharBuffer.allocate(out.capacity() * 2 + replacement.length());
                out.flip();
                bigger.put(out);
                out = bigger;
            }
            out.put(replacement);
        }
        out.flip();
        return out.toString();
    }

    private static String stripLeadingSpace(String text) {
        int i = 0;
        while (i < text.length() && (Character.isWhitespace(text.charAt(i)) || text.charAt(i) == '\uFEFF')) {
            i++;
        }
        return i == 0 ? text : text.substring(i);
    }
}
