package io.earshot.plugins.bluesky;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@code at://} record address, {@code at://<did>/<collection>/<rkey>}.
 *
 * @param did        the repository (author) DID, or a handle in older records
 * @param collection the record's collection, e.g. {@code app.bsky.feed.post}
 * @param rkey       the record key
 */
record AtUri(String did, String collection, String rkey) {

    static final String POST = "app.bsky.feed.post";
    private static final Pattern AT = Pattern.compile("at://([^/?#\\s]+)/([^/?#\\s]+)/([^/?#\\s]+)");

    /** The parsed address, or null when the text is no record address. */
    static AtUri parse(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = AT.matcher(text.strip());
        return m.matches() ? new AtUri(m.group(1), m.group(2), m.group(3)) : null;
    }

    /** The native id of a post's mention: {@code <did>/<rkey>}. */
    static String nativeId(String did, String rkey) {
        return did + "/" + rkey;
    }

    /** The mention id of a post: {@code bluesky:<did>/<rkey>}. */
    static String mentionId(String did, String rkey) {
        return BlueskySource.PLATFORM + ":" + nativeId(did, rkey);
    }

    boolean isPost() {
        return POST.equals(collection);
    }

    /** The mention id of the post at this address, or null when it is not a post. */
    String mentionId() {
        return isPost() ? mentionId(did, rkey) : null;
    }

    static String uri(String did, String rkey) {
        return "at://" + did + "/" + POST + "/" + rkey;
    }
}
