package io.earshot.plugins.mastodon;

import java.net.URI;
import java.util.Locale;

/** Instance base URLs as users type them, reduced to one form: {@code https://mastodon.social}. */
final class Instances {

    private Instances() {
    }

    /**
     * The base URL without trailing slashes, scheme and host in lower case, default port removed;
     * a path (an instance under a sub-path) is kept. Text that is no URL is returned stripped.
     */
    static String normalise(String url) {
        String s = url.strip();
        URI uri;
        try {
            uri = URI.create(s);
        } catch (IllegalArgumentException e) {
            return s;
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            return s;
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort = port < 0 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port) + path;
    }

    /** The host (and port) of a normalised base URL, for messages: {@code mastodon.social}. */
    static String host(String base) {
        int start = base.indexOf("://");
        return start < 0 ? base : base.substring(start + 3);
    }
}
