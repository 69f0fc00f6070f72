package io.earshot.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

/**
 * Web links as platforms give them: parsed leniently, resolved against a base, cleaned of tracking
 * parameters ({@code utm_*}, {@code fbclid}, {@code gclid}...), and reduced to the canonical form
 * that mention ids of web pages are derived from — so the same article gets the same id whichever
 * feed, crawler or post it came through. Shared by plugins and the server; stateless and
 * thread-safe.
 */
public final class Urls {

    private static final Set<String> TRACKING = Set.of("fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid",
            "yclid", "mc_cid", "mc_eid", "igshid", "_hsenc", "_hsmi", "mkt_tok");
    private static final HexFormat HEX = HexFormat.of();

    private Urls() {
    }

    /** An absolute http(s) URI from text that may hold spaces or non-ASCII characters; null if none. */
    public static URI parse(String text) {
        if (text == null) {
            return null;
        }
        String s = text.strip();
        if (s.isEmpty()) {
            return null;
        }
        try {
            return new URI(escape(s));
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /**
     * The link resolved against the base (when relative), as an absolute http(s) URL without
     * tracking parameters; null when it is not a web link.
     */
    public static String resolve(String link, URI base) {
        URI uri = parse(link);
        if (uri == null) {
            return null;
        }
        if (!uri.isAbsolute()) {
            if (base == null) {
                return null;
            }
            uri = against(base, uri);
            if (uri == null) {
                return null;
            }
        }
        if (!isWeb(uri)) {
            return null;
        }
        return withoutTracking(uri);
    }

    /** {@code reference} resolved against {@code base}; null when that fails. */
    public static URI against(URI base, URI reference) {
        try {
            URI b = base;
            if (b.isAbsolute() && !b.isOpaque() && (b.getRawPath() == null || b.getRawPath().isEmpty())) {
                b = URI.create(base.getScheme() + "://" + base.getRawAuthority() + "/");
            }
            return b.resolve(reference);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public static boolean isWeb(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return (scheme.equals("http") || scheme.equals("https")) && uri.getRawAuthority() != null;
    }

    /**
     * The canonical form of an absolute http(s) URL: scheme and host in lower case, default port,
     * fragment and tracking parameters (utm_*, fbclid, gclid...) removed, an empty path as "/".
     */
    public static String canonical(String url) {
        URI uri = parse(url);
        if (uri == null || !isWeb(uri)) {
            return url;
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String authority = uri.getRawAuthority();
        int at = authority.lastIndexOf('@');
        String userInfo = at >= 0 ? authority.substring(0, at + 1) : "";
        String hostPort = authority.substring(at + 1).toLowerCase(Locale.ROOT);
        if (scheme.equals("http") && hostPort.endsWith(":80")) {
            hostPort = hostPort.substring(0, hostPort.length() - 3);
        } else if (scheme.equals("https") && hostPort.endsWith(":443")) {
            hostPort = hostPort.substring(0, hostPort.length() - 4);
        }
        if (hostPort.endsWith(".")) {
            hostPort = hostPort.substring(0, hostPort.length() - 1);
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String query = cleanQuery(uri.getRawQuery());
        return scheme + "://" + userInfo + hostPort + path + (query == null ? "" : "?" + query);
    }

    /** The URL with tracking parameters removed; everything else (fragment too) as it was. */
    public static String withoutTracking(URI uri) {
        String query = uri.getRawQuery();
        if (query == null) {
            return uri.toString();
        }
        String cleaned = cleanQuery(query);
        if (query.equals(cleaned)) {
            return uri.toString();
        }
        String s = uri.toString();
        int q = s.indexOf('?');
        int hash = s.indexOf('#', q);
        String fragment = hash < 0 ? "" : s.substring(hash);
        return s.substring(0, q) + (cleaned == null ? "" : "?" + cleaned) + fragment;
    }

    private static String cleanQuery(String query) {
        if (query == null || query.isEmpty()) {
            return null;
        }
        StringBuilder kept = new StringBuilder(query.length());
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = (eq < 0 ? pair : pair.substring(0, eq)).toLowerCase(Locale.ROOT);
            if (name.startsWith("utm_") || TRACKING.contains(name)) {
                continue;
            }
            if (!kept.isEmpty()) {
                kept.append('&');
            }
            kept.append(pair);
        }
        return kept.isEmpty() ? null : kept.toString();
    }

    /**
     * 32 hex digits of the SHA-256 of the parts joined by new lines: a stable native id for
     * things the platform gives no id to, e.g. {@code hash(Urls.canonical(link))} for a web page.
     */
    public static String hash(String... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (int i = 0; i < parts.length; i++) {
                if (i > 0) {
                    sha.update((byte) '\n');
                }
                sha.update((parts[i] == null ? "" : parts[i]).getBytes(StandardCharsets.UTF_8));
            }
            return HEX.formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Percent-encodes what {@link URI} refuses: spaces, non-ASCII and a few ASCII characters. */
    private static String escape(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean bad = c <= 0x20 || c >= 0x7F || "\"<>\\^`{|}".indexOf(c) >= 0
                    || (c == '%' && !isEscape(s, i)) || (c == '#' && s.indexOf('#') != i);
            if (bad) {
                if (out == null) {
                    out = new StringBuilder(s.length() + 16).append(s, 0, i);
                }
                if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                    appendEscaped(out, s.substring(i, i + 2));
                    i++;
                } else {
                    appendEscaped(out, String.valueOf(c));
                }
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }

    private static boolean isEscape(String s, int i) {
        return i + 2 < s.length() && Character.digit(s.charAt(i + 1), 16) >= 0 && Character.digit(s.charAt(i + 2), 16) >= 0;
    }

    private static void appendEscaped(StringBuilder out, String chars) {
        for (byte b : chars.getBytes(StandardCharsets.UTF_8)) {
            out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                    .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
        }
    }
}
