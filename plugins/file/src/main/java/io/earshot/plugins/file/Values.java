package io.earshot.plugins.file;

import java.util.Locale;

/**
 * Reads counts and flags as exports write them: {@code 1234}, {@code "1,234"}, {@code "1 234"},
 * {@code "12.0"}, {@code "1.2K"}, {@code "3M"}; {@code true}, {@code "1"}, {@code "yes"}. A value
 * that is not understood (often a placeholder such as {@code "n/a"} or {@code "-"}) is unknown, not
 * zero, and not an error.
 */
final class Values {

    private Values() {
    }

    /** A non-negative count, or {@code null} when blank, negative or not a number. */
    static Long count(Number n) {
        if (n == null) {
            return null;
        }
        double d = n.doubleValue();
        if (!Double.isFinite(d) || d < 0 || d >= 9.2e18) {
            return null;
        }
        return n.longValue();
    }

    /** A non-negative count written as text, or {@code null}. */
    static Long count(String value) {
        if (value == null) {
            return null;
        }
        String s = value.strip();
        if (s.isEmpty()) {
            return null;
        }
        if (s.length() <= 18 && allDigits(s)) {
            return Long.parseLong(s);
        }
        StringBuilder b = new StringBuilder(s.length());
        double multiplier = 1;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c >= '0' && c <= '9') || c == '.') {
                b.append(c);
            } else if (c == ',' || c == '_' || c == '\'' || Character.isSpaceChar(c)) {
                continue;
            } else if (i == s.length() - 1 && b.length() > 0) {
                switch (Character.toUpperCase(c)) {
                    case 'K' -> multiplier = 1e3;
                    case 'M' -> multiplier = 1e6;
                    case 'B', 'G' -> multiplier = 1e9;
                    default -> {
                        return null;
                    }
                }
            } else {
                return null;
            }
        }
        if (b.isEmpty()) {
            return null;
        }
        try {
            double d = Double.parseDouble(b.toString()) * multiplier;
            return d < 9.2e18 ? Math.round(d) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** {@code true}/{@code false} from the usual spellings, or {@code null}. */
    static Boolean flag(String value) {
        if (value == null) {
            return null;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "y", "t" -> Boolean.TRUE;
            case "false", "0", "no", "n", "f" -> Boolean.FALSE;
            default -> null;
        };
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
