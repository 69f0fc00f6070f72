package io.earshot.server.store;

/**
 * A page of a search over one workspace's mentions, newest first.
 *
 * @param filter which mentions
 * @param size   page size, 1 to 500
 * @param after  the cursor of the previous page, or {@code null} for the first
 */
public record MentionQuery(MentionFilter filter, int size, String after) {

    public static final int MAX_SIZE = 500;

    public MentionQuery {
        java.util.Objects.requireNonNull(filter, "filter");
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("size must be between 1 and " + MAX_SIZE);
        }
    }
}
