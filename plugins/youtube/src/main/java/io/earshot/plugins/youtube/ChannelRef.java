package io.earshot.plugins.youtube;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A channel as a user names it: its id ({@code UC} + 22 characters) or its handle ({@code @name}),
 * also taken from a channel address.
 *
 * @param id     the channel id, or null when only the handle is known
 * @param handle the handle with its {@code @}, or null when given by id
 */
record ChannelRef(String id, String handle) {

    private static final Pattern ID = Pattern.compile("UC[A-Za-z0-9_-]{22}");
    private static final Pattern HANDLE = Pattern.compile("@[\\p{L}\\p{N}._·-]{3,30}");

    /** What the user wrote, normalised: the id, or the handle with {@code @}. Used in partition names. */
    String key() {
        return id != null ? id : handle;
    }

    /** The channel's address on YouTube. */
    String url() {
        return id != null ? "https://www.youtube.com/channel/" + id : "https://www.youtube.com/" + handle;
    }

    /** Reads an id, a handle or a youtube.com channel address; null when it is none of them. */
    static ChannelRef parse(String text) {
        if (text == null) {
            return null;
        }
        String s = text.strip();
        if (ID.matcher(s).matches()) {
            return new ChannelRef(s, null);
        }
        if (HANDLE.matcher(s).matches()) {
            return new ChannelRef(null, s);
        }
        return fromUrl(s);
    }

    private static ChannelRef fromUrl(String s) {
        URI uri;
        try {
            uri = new URI(s.contains("://") ? s : "https://" + s);
        } catch (Exception e) {
            return null;
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (!(host.equals("youtube.com") || host.endsWith(".youtube.com"))) {
            return null;
        }
        String path = uri.getRawPath() == null ? "" : URLDecoder.decode(uri.getRawPath(), StandardCharsets.UTF_8);
        String[] parts = path.split("/");
        if (parts.length >= 3 && parts[1].equals("channel") && ID.matcher(parts[2]).matches()) {
            return new ChannelRef(parts[2], null);
        }
        if (parts.length >= 2 && HANDLE.matcher(parts[1]).matches()) {
            return new ChannelRef(null, parts[1]);
        }
        return null;
    }
}
