package io.earshot.plugins.file;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.Locale;

/**
 * Reads the publication times found in exports of other tools:
 * <ul>
 *   <li>ISO-8601 instants and date-times, with an offset ({@code Z}, {@code +02:00}, {@code +0200}),
 *       a zone ({@code [Europe/Paris]}) or none (read as UTC), a {@code T} or a space between date and
 *       time ({@code 2024-03-01 10:15:00}), a trailing {@code UTC}/{@code GMT}, {@code /} as date
 *       separator; a date alone is its start in UTC;</li>
 *   <li>RFC 1123 ({@code Tue, 3 Jun 2008 11:05:30 GMT}) and the classic Twitter form
 *       ({@code Wed Oct 10 20:19:24 +0000 2018});</li>
 *   <li>epoch numbers, as numbers or numeric strings, with or without a fraction, told apart by
 *       size: seconds below 10<sup>11</sup>, then milliseconds, microseconds, nanoseconds.</li>
 * </ul>
 * Everything else gives {@code null}. No exception is thrown on the common paths.
 */
final class Timestamps {

    private static final DateTimeFormatter ISO = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral('T')
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .optionalStart().appendOffset("+HH:MM:ss", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .optionalStart().appendLiteral('[').parseCaseSensitive().appendZoneRegionId().appendLiteral(']').optionalEnd()
            .toFormatter(Locale.ROOT)
            .withChronology(IsoChronology.INSTANCE)
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter TWITTER =
            DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss Z yyyy", Locale.ENGLISH);

    private static final double SECONDS_BELOW = 1e11;
    private static final double MILLIS_BELOW = 1e14;
    private static final double MICROS_BELOW = 1e17;

    private Timestamps() {
    }

    /** Earliest and latest times accepted: years 1 to 9999, as Elasticsearch dates. */
    private static final Instant MIN = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999999Z");

    /** The instant a text denotes, or {@code null} when it is blank, not understood or out of range. */
    static Instant parse(String value) {
        return inRange(parseAny(value));
    }

    /** The instant of an epoch number (seconds, milliseconds, microseconds or nanoseconds by size). */
    static Instant fromNumber(Number n) {
        return inRange(fromAnyNumber(n));
    }

    private static Instant inRange(Instant t) {
        return t == null || t.isBefore(MIN) || t.isAfter(MAX) ? null : t;
    }

    private static Instant parseAny(String value) {
        if (value == null) {
            return null;
        }
        String s = value.strip();
        if (s.isEmpty()) {
            return null;
        }
        try {
            if (isNumeric(s)) {
                return s.indexOf('.') < 0 && s.length() <= 18 ? fromEpoch(Long.parseLong(s)) : fromEpoch(new BigDecimal(s));
            }
            char first = s.charAt(0);
            if (first >= '0' && first <= '9' && s.length() >= 10 && (s.charAt(4) == '-' || s.charAt(4) == '/')) {
                return iso(s);
            }
            if (Character.isLetter(first) && s.indexOf(',') < 0 && s.length() == 30) {
                return ZonedDateTime.parse(s, TWITTER).toInstant();
            }
            return ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
            return null;
        }
    }

    private static Instant fromAnyNumber(Number n) {
        try {
            if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
                return fromEpoch(n.longValue());
            }
            if (n instanceof BigDecimal d) {
                return fromEpoch(d);
            }
            double d = n.doubleValue();
            if (!Double.isFinite(d)) {
                return null;
            }
            return d == Math.rint(d) && Math.abs(d) < 9e18 ? fromEpoch((long) d) : fromEpoch(BigDecimal.valueOf(d));
        } catch (DateTimeException | ArithmeticException e) {
            return null;
        }
    }

    private static Instant fromEpoch(long v) {
        long abs = Math.abs(v);
        if (abs < SECONDS_BELOW) {
            return Instant.ofEpochSecond(v);
        }
        if (abs < MILLIS_BELOW) {
            return Instant.ofEpochMilli(v);
        }
        if (abs < MICROS_BELOW) {
            return Instant.ofEpochSecond(Math.floorDiv(v, 1_000_000L), Math.floorMod(v, 1_000_000L) * 1_000L);
        }
        return Instant.ofEpochSecond(Math.floorDiv(v, 1_000_000_000L), Math.floorMod(v, 1_000_000_000L));
    }

    private static Instant fromEpoch(BigDecimal v) {
        double abs = Math.abs(v.doubleValue());
        int scale = abs < SECONDS_BELOW ? 9 : abs < MILLIS_BELOW ? 6 : abs < MICROS_BELOW ? 3 : 0;
        BigDecimal nanos = v.movePointRight(scale).setScale(0, java.math.RoundingMode.HALF_UP);
        BigDecimal[] parts = nanos.divideAndRemainder(BigDecimal.valueOf(1_000_000_000L));
        return Instant.ofEpochSecond(parts[0].longValueExact(), parts[1].longValueExact());
    }

    private static Instant iso(String s) {
        if (s.length() == 10) {
            return LocalDate.parse(s.replace('/', '-')).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        StringBuilder b = new StringBuilder(s);
        if (b.charAt(4) == '/' && b.charAt(7) == '/') {
            b.setCharAt(4, '-');
            b.setCharAt(7, '-');
        }
        if (b.charAt(10) == ' ') {
            b.setCharAt(10, 'T');
        }
        int len = b.length();
        if (endsWithIgnoreCase(b, "UTC") || endsWithIgnoreCase(b, "GMT")) {
            b.setLength(len - 3);
            while (b.length() > 0 && b.charAt(b.length() - 1) == ' ') {
                b.setLength(b.length() - 1);
            }
            b.append('Z');
        } else {
            for (int i = 11; i < b.length() - 1; i++) {
                char c = b.charAt(i);
                char next = b.charAt(i + 1);
                if (c == ' ' && (next == '+' || next == '-' || next == 'Z' || next == 'z')) {
                    b.deleteCharAt(i);
                    break;
                }
            }
        }
        TemporalAccessor t = ISO.parse(b);
        if (t.query(TemporalQueries.zone()) != null) {
            return ZonedDateTime.from(t).toInstant();
        }
        return LocalDateTime.from(t).toInstant(ZoneOffset.UTC);
    }

    private static boolean endsWithIgnoreCase(CharSequence s, String suffix) {
        int start = s.length() - suffix.length();
        if (start < 0) {
            return false;
        }
        for (int i = 0; i < suffix.length(); i++) {
            if (Character.toUpperCase(s.charAt(start + i)) != suffix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isNumeric(String s) {
        int i = s.charAt(0) == '-' ? 1 : 0;
        if (i == s.length()) {
            return false;
        }
        boolean digits = false;
        boolean dot = false;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digits = true;
            } else if (c == '.' && !dot) {
                dot = true;
            } else {
                return false;
            }
        }
        return digits;
    }
}
