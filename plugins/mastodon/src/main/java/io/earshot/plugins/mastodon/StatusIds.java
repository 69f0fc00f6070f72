package io.earshot.plugins.mastodon;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;

/**
 * Status ids as instances hand them out. Mastodon's are decimal "snowflakes" (milliseconds since
 * the epoch shifted left by 16 bits, plus a sequence), so they sort by time and an id can be made
 * for any moment; other servers of the fediverse use other sortable strings. Ids are compared by
 * length, then character by character, which orders both kinds correctly.
 */
final class StatusIds {

    /** Orders ids from oldest to newest. */
    static final Comparator<String> ORDER = Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder());

    /** The earliest time a Mastodon snowflake id can stand for (Mastodon 2.0 introduced them in 2017). */
    private static final long EARLIEST_MILLIS = Instant.parse("2016-01-01T00:00:00Z").toEpochMilli();

    private StatusIds() {
    }

    /** The newer of two ids; either may be null. */
    static String newer(String a, String b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return ORDER.compare(a, b) >= 0 ? a : b;
    }

    /** Whether {@code id} is newer than {@code than} (anything is newer than null). */
    static boolean isNewer(String id, String than) {
        return than == null || ORDER.compare(id, than) > 0;
    }

    /** The time a Mastodon snowflake id stands for, or null when the id is not one. */
    static Instant snowflakeTime(String id) {
        if (id == null || id.isEmpty() || id.length() > 19) {
            return null;
        }
        for (int i = 0; i < id.length(); i++) {
            if (id.charAt(i) < '0' || id.charAt(i) > '9') {
                return null;
            }
        }
        long value;
        try {
            value = Long.parseLong(id);
        } catch (NumberFormatException e) {
            return null;
        }
        long millis = value >>> 16;
        if (millis < EARLIEST_MILLIS) {
            return null;
        }
        return Instant.ofEpochMilli(millis);
    }

    /** The smallest snowflake id of a moment: {@code min_id} for "everything since then". */
    static String snowflakeAt(Instant at) {
        return Long.toString(at.toEpochMilli() << 16);
    }

    /**
     * An id {@code overlap} older than {@code id}, when it is a snowflake, to read again what arrived
     * late with an earlier id (federated statuses keep the time of their publication); else the id
     * itself.
     */
    static String minusOverlap(String id, Duration overlap) {
        Instant t = snowflakeTime(id);
        if (t == null) {
            return id;
        }
        return snowflakeAt(t.minus(overlap));
    }
}
