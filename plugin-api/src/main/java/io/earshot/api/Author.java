package io.earshot.api;

/**
 * Who wrote a mention, as the platform describes them. Every field is optional: platforms differ
 * in what they expose, and a deleted account may have nothing but an id.
 *
 * @param id        the platform's stable account id, if it has one
 * @param handle    the public handle without a leading {@code @} (e.g. {@code durov})
 * @param name      the display name
 * @param url       the profile URL
 * @param followers followers, subscribers or members; {@code null} when unknown (not zero)
 * @param verified  whether the platform marks the account as verified; {@code null} when unknown
 */
public record Author(String id, String handle, String name, String url, Long followers, Boolean verified) {

    public Author {
        handle = handle == null || handle.isBlank() ? null : stripAt(handle.strip());
        if (followers != null && followers < 0) {
            throw new IllegalArgumentException("followers must not be negative: " + followers);
        }
    }

    /** An author known only by display name, as in most RSS and Atom feeds. */
    public static Author named(String name) {
        return new Author(null, null, name, null, null, null);
    }

    /** The name to show a user: display name, else {@code @handle}, else the id. */
    public String displayName() {
        if (name != null && !name.isBlank()) {
            return name;
        }
        if (handle != null) {
            return "@" + handle;
        }
        return id;
    }

    private static String stripAt(String handle) {
        return handle.startsWith("@") ? handle.substring(1) : handle;
    }
}
