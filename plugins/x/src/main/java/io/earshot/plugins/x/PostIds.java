package io.earshot.plugins.x;

import java.time.Instant;

/**
 * Post ids on X are "snowflakes": numbers that grow with time and hold their creation time, in
 * milliseconds since 2010-11-04T01:42:54.657Z, in their upper bits.
 */
final class PostIds {

    private static final long EPOCH_MILLIS = 1_288_834_974_657L;

    private PostIds() {
    }

    static boolean isId(String s) {
        if (s == null || s.isEmpty() || s.length() > 19) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The greater of two ids (either may be null). */
    static String max(String a, String b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return compare(a, b) >= 0 ? a : b;
    }

    static int compare(String a, String b) {
        return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }

    /** When the post with this id was created; null for ids that are not snowflakes. */
    static Instant createdAt(String id) {
        if (!isId(id)) {
            return null;
        }
        long value;
        try {
            value = Long.parseLong(id);
        } catch (NumberFormatException e) {
            return null;
        }
        if (value < (1L << 22)) {
            return null;
        }
        return Instant.ofEpochMilli((value >> 22) + EPOCH_MILLIS);
    }
}
