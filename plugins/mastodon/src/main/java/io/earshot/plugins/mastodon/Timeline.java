package io.earshot.plugins.mastodon;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * One timeline of one instance: the partition a checkpoint belongs to.
 *
 * @param instance the instance's normalised base URL, e.g. {@code https://mastodon.social}
 * @param kind     which timeline
 * @param tag      the hashtag, lower case without {@code #}, for {@link Kind#HASHTAG}; else null
 */
record Timeline(String instance, Kind kind, String tag) {

    /** The timelines a source can follow. */
    enum Kind {
        HASHTAG, LOCAL, FEDERATED
    }

    Timeline {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.HASHTAG) != (tag != null)) {
            throw new IllegalArgumentException("a hashtag timeline needs a tag, and only it");
        }
    }

    static Timeline hashtag(String instance, String tag) {
        String t = tag.strip();
        if (t.startsWith("#")) {
            t = t.substring(1);
        }
        return new Timeline(instance, Kind.HASHTAG, t.toLowerCase(Locale.ROOT));
    }

    /**
     * The checkpoint partition: {@code https://mastodon.social #rust},
     * {@code https://mastodon.social public:local}, {@code https://mastodon.social public}.
     */
    String partition() {
        return switch (kind) {
            case HASHTAG -> instance + " #" + tag;
            case LOCAL -> instance + " public:local";
            case FEDERATED -> instance + " public";
        };
    }

    /** The REST path and fixed query, to which paging parameters are appended with {@code &}. */
    String restPathAndQuery(int limit) {
        return switch (kind) {
            case HASHTAG -> "/api/v1/timelines/tag/" + encode(tag) + "?limit=" + limit;
            case LOCAL -> "/api/v1/timelines/public?local=true&limit=" + limit;
            case FEDERATED -> "/api/v1/timelines/public?limit=" + limit;
        };
    }

    /** The path and query of the server-sent events stream of this timeline. */
    String streamPathAndQuery() {
        return switch (kind) {
            case HASHTAG -> "/api/v1/streaming/hashtag?tag=" + encode(tag);
            case LOCAL -> "/api/v1/streaming/public/local";
            case FEDERATED -> "/api/v1/streaming/public";
        };
    }

    /** For messages: {@code #rust on mastodon.social}, {@code the local timeline of mastodon.social}. */
    String label() {
        String host = Instances.host(instance);
        return switch (kind) {
            case HASHTAG -> "#" + tag + " on " + host;
            case LOCAL -> "the local timeline of " + host;
            case FEDERATED -> "the federated timeline of " + host;
        };
    }

    /** For messages about one instance: {@code #rust}, {@code its local timeline}. */
    String shortLabel() {
        return switch (kind) {
            case HASHTAG -> "#" + tag;
            case LOCAL -> "its local timeline";
            case FEDERATED -> "its federated timeline";
        };
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
