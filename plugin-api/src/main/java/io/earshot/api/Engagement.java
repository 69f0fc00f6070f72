package io.earshot.api;

/**
 * How people reacted to a mention at the time it was collected. A {@code null} count means the
 * platform does not report it, which is different from zero.
 *
 * @param likes    likes, upvotes, favourites, reactions
 * @param shares   reposts, retweets, boosts, forwards
 * @param comments replies and comments
 * @param views    views or impressions
 */
public record Engagement(Long likes, Long shares, Long comments, Long views) {

    public static final Engagement NONE = new Engagement(null, null, null, null);

    public Engagement {
        requireNotNegative("likes", likes);
        requireNotNegative("shares", shares);
        requireNotNegative("comments", comments);
        requireNotNegative("views", views);
    }

    /** Likes + shares + comments, counting unknown values as zero. */
    public long interactions() {
        return orZero(likes) + orZero(shares) + orZero(comments);
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }

    private static void requireNotNegative(String field, Long value) {
        if (value != null && value < 0) {
            throw new IllegalArgumentException(field + " must not be negative: " + value);
        }
    }
}
