package io.earshot.api.config;

import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/** Ready-made {@link Validator}s. Messages follow the field name: "feeds: must not be empty". */
public final class Validators {

    private Validators() {
    }

    public static Validator<Number> atLeast(long min) {
        return v -> v.doubleValue() < min ? "must be at least " + min : null;
    }

    public static Validator<Number> between(long min, long max) {
        return v -> v.doubleValue() < min || v.doubleValue() > max ? "must be between " + min + " and " + max : null;
    }

    public static Validator<Number> positive() {
        return v -> v.doubleValue() <= 0 ? "must be greater than 0" : null;
    }

    public static Validator<String> nonBlank() {
        return v -> v.isBlank() ? "must not be blank" : null;
    }

    public static Validator<String> maxLength(int max) {
        return v -> v.length() > max ? "must have at most " + max + " characters" : null;
    }

    /** The whole value must match; {@code description} says what it should look like. */
    public static Validator<String> matches(String regex, String description) {
        Pattern p = Pattern.compile(regex);
        return v -> p.matcher(v).matches() ? null : "must be " + description;
    }

    /** A string holding an absolute http or https URL. */
    public static Validator<String> httpUrlString() {
        return v -> {
            try {
                ConfigKey.asHttpUrl(v.strip());
                return null;
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        };
    }

    public static Validator<URI> httpsOnly() {
        return v -> "https".equalsIgnoreCase(v.getScheme()) ? null : "must be an https URL";
    }

    public static Validator<Duration> durationBetween(Duration min, Duration max) {
        return v -> v.compareTo(min) < 0 || v.compareTo(max) > 0
                ? "must be between " + Durations.format(min) + " and " + Durations.format(max)
                : null;
    }

    public static Validator<Collection<?>> notEmpty() {
        return v -> v.isEmpty() ? "must not be empty" : null;
    }

    public static Validator<Collection<?>> maxSize(int max) {
        return v -> v.size() > max ? "must have at most " + max + " entries" : null;
    }

    /** Applies a validator to every item of a list, naming the first failing items. */
    public static Validator<List<String>> each(Validator<String> item) {
        return list -> {
            StringBuilder problems = new StringBuilder();
            int count = 0;
            for (int i = 0; i < list.size(); i++) {
                String problem = item.problem(list.get(i));
                if (problem != null) {
                    if (count < 5) {
                        problems.append(problems.isEmpty() ? "" : "; ").append("item ").append(i + 1).append(": ").append(problem);
                    }
                    count++;
                }
            }
            if (count == 0) {
                return null;
            }
            return count > 5 ? problems + " (and " + (count - 5) + " more)" : problems.toString();
        };
    }
}
