package io.earshot.api.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One typed configuration setting: its name, type, default, validators and documentation. Keys are
 * immutable and thread-safe; declare them as constants and read values with
 * {@link Config#get(ConfigKey)}.
 *
 * <pre>{@code
 * static final ConfigKey<List<String>> FEEDS = ConfigKey.list("feeds")
 *         .displayName("Feed URLs")
 *         .doc("RSS or Atom feed URLs, one per line.")
 *         .validate(Validators.each(Validators.httpUrlString()))
 *         .build();
 * }</pre>
 *
 * @param <T> the Java type of the value
 */
public final class ConfigKey<T> {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9._-]{0,99}");

    private final String name;
    private final ConfigType type;
    private final String displayName;
    private final String doc;
    private final T defaultValue;
    private final boolean required;
    private final List<Validator<? super T>> validators;
    private final List<String> allowedValues;
    private final String group;
    private final String example;

    private ConfigKey(Builder<T> b) {
        this.name = b.name;
        this.type = b.type;
        this.displayName = b.displayName == null ? b.name : b.displayName;
        this.doc = b.doc == null ? "" : b.doc;
        this.defaultValue = b.defaultValue;
        this.required = b.required;
        this.validators = List.copyOf(b.validators);
        this.allowedValues = List.copyOf(b.allowedValues);
        this.group = b.group;
        this.example = b.example;
    }

    public static Builder<String> string(String name) {
        return new Builder<>(name, ConfigType.STRING);
    }

    public static Builder<String> text(String name) {
        return new Builder<>(name, ConfigType.TEXT);
    }

    public static Builder<Integer> integer(String name) {
        return new Builder<>(name, ConfigType.INT);
    }

    public static Builder<Long> longKey(String name) {
        return new Builder<>(name, ConfigType.LONG);
    }

    public static Builder<Double> decimal(String name) {
        return new Builder<>(name, ConfigType.DOUBLE);
    }

    public static Builder<Boolean> bool(String name) {
        return new Builder<>(name, ConfigType.BOOLEAN);
    }

    public static Builder<Duration> duration(String name) {
        return new Builder<>(name, ConfigType.DURATION);
    }

    public static Builder<URI> url(String name) {
        return new Builder<>(name, ConfigType.URL);
    }

    public static Builder<List<String>> list(String name) {
        return new Builder<>(name, ConfigType.LIST);
    }

    public static Builder<Map<String, String>> map(String name) {
        return new Builder<>(name, ConfigType.MAP);
    }

    public static Builder<Secret> secret(String name) {
        return new Builder<>(name, ConfigType.SECRET);
    }

    /** A string that must be one of the given values (matched ignoring case, stored as given here). */
    public static Builder<String> choice(String name, String... values) {
        Builder<String> b = new Builder<>(name, ConfigType.ENUM);
        b.allowedValues.addAll(Arrays.asList(values));
        return b;
    }

    public String name() {
        return name;
    }

    public ConfigType type() {
        return type;
    }

    public String displayName() {
        return displayName;
    }

    public String doc() {
        return doc;
    }

    /** The value used when none is given, or {@code null}. */
    public T defaultValue() {
        return defaultValue;
    }

    public boolean required() {
        return required;
    }

    /** For {@link ConfigType#ENUM} keys: the accepted values. */
    public List<String> allowedValues() {
        return allowedValues;
    }

    /** A heading to group keys under in forms and docs, or {@code null}. */
    public String group() {
        return group;
    }

    /** An example value shown as a placeholder, or {@code null}. */
    public String example() {
        return example;
    }

    public boolean isSecret() {
        return type == ConfigType.SECRET;
    }

    /**
     * Converts a raw JSON/YAML/environment value to this key's type and runs the validators.
     *
     * @throws IllegalArgumentException with a user-readable message when the value is not acceptable
     */
    @SuppressWarnings("unchecked")
    public T parse(Object raw) {
        Objects.requireNonNull(raw, "raw");
        T value = (T) convert(raw);
        for (Validator<? super T> v : validators) {
            String problem = v.problem(value);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
        }
        return value;
    }

    /** The value as plain JSON data (strings, numbers, booleans, lists, maps); secrets revealed. */
    public Object toRaw(Object value) {
        if (value == null) {
            return null;
        }
        return switch (type) {
            case DURATION -> Durations.format((Duration) value);
            case URL -> value.toString();
            case SECRET -> ((Secret) value).reveal();
            default -> value;
        };
    }

    private Object convert(Object raw) {
        return switch (type) {
            case STRING, TEXT -> asString(raw);
            case INT -> {
                long l = asLong(raw);
                if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("must be a whole number between " + Integer.MIN_VALUE
                            + " and " + Integer.MAX_VALUE);
                }
                yield (int) l;
            }
            case LONG -> asLong(raw);
            case DOUBLE -> asDouble(raw);
            case BOOLEAN -> asBoolean(raw);
            case DURATION -> raw instanceof Number n ? Duration.ofSeconds(n.longValue()) : Durations.parse(asString(raw));
            case URL -> asHttpUrl(asString(raw).strip());
            case LIST -> asList(raw);
            case MAP -> asMap(raw);
            case ENUM -> asChoice(raw);
            case SECRET -> Secret.of(raw instanceof Secret s ? s.reveal() : asString(raw));
        };
    }

    private static String asString(Object raw) {
        if (raw instanceof String s) {
            return s;
        }
        if (raw instanceof Number || raw instanceof Boolean) {
            return raw.toString();
        }
        throw new IllegalArgumentException("must be a string");
    }

    private static long asLong(Object raw) {
        if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
            return ((Number) raw).longValue();
        }
        if (raw instanceof Number n) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 9.0e15) {
                return (long) d;
            }
            throw new IllegalArgumentException("must be a whole number");
        }
        if (raw instanceof String s) {
            try {
                return Long.parseLong(s.strip().replace("_", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("must be a whole number, not '" + s + "'");
            }
        }
        throw new IllegalArgumentException("must be a whole number");
    }

    private static double asDouble(Object raw) {
        if (raw instanceof Number n) {
            return n.doubleValue();
        }
        if (raw instanceof String s) {
            try {
                double d = Double.parseDouble(s.strip());
                if (Double.isFinite(d)) {
                    return d;
                }
            } catch (NumberFormatException e) {
                // fall through to the message below
            }
            throw new IllegalArgumentException("must be a number, not '" + s + "'");
        }
        throw new IllegalArgumentException("must be a number");
    }

    private static boolean asBoolean(Object raw) {
        if (raw instanceof Boolean b) {
            return b;
        }
        if (raw instanceof String s) {
            String t = s.strip().toLowerCase(Locale.ROOT);
            if (t.equals("true") || t.equals("yes") || t.equals("on")) {
                return true;
            }
            if (t.equals("false") || t.equals("no") || t.equals("off")) {
                return false;
            }
        }
        throw new IllegalArgumentException("must be true or false");
    }

    static URI asHttpUrl(String s) {
        try {
            URI uri = new URI(s);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new IllegalArgumentException("must be an http or https URL, not '" + s + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + s + "' is not a valid URL: " + e.getReason());
        }
    }

    private static List<String> asList(Object raw) {
        List<String> out = new ArrayList<>();
        if (raw instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                Object item = list.get(i);
                if (!(item instanceof String) && !(item instanceof Number)) {
                    throw new IllegalArgumentException("item " + (i + 1) + " must be a string");
                }
                String s = item.toString().strip();
                if (!s.isEmpty()) {
                    out.add(s);
                }
            }
        } else if (raw instanceof String s) {
            for (String part : s.split("[,\\n\\r]+")) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
        } else {
            throw new IllegalArgumentException("must be a list of strings");
        }
        return List.copyOf(out);
    }

    private static Map<String, String> asMap(Object raw) {
        if (!(raw instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("must be an object of names to strings");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            Object v = e.getValue();
            if (!(v instanceof String) && !(v instanceof Number) && !(v instanceof Boolean)) {
                throw new IllegalArgumentException("value of '" + e.getKey() + "' must be a string");
            }
            out.put(String.valueOf(e.getKey()), v.toString());
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    private String asChoice(Object raw) {
        String s = asString(raw).strip();
        for (String allowed : allowedValues) {
            if (allowed.equalsIgnoreCase(s)) {
                return allowed;
            }
        }
        throw new IllegalArgumentException("must be one of " + String.join(", ", allowedValues) + ", not '" + s + "'");
    }

    @Override
    public String toString() {
        return name + " (" + type.name().toLowerCase(Locale.ROOT) + ")";
    }

    /** Builds a {@link ConfigKey}. */
    public static final class Builder<T> {
        private final String name;
        private final ConfigType type;
        private String displayName;
        private String doc;
        private T defaultValue;
        private boolean required;
        private final List<Validator<? super T>> validators = new ArrayList<>();
        private final List<String> allowedValues = new ArrayList<>();
        private String group;
        private String example;

        private Builder(String name, ConfigType type) {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("config key name must match " + NAME + ": '" + name + "'");
            }
            this.name = name;
            this.type = type;
        }

        public Builder<T> displayName(String displayName) {
            this.displayName = displayName;
            return this;
        }

        /** What the setting does, in a sentence or two. Shown in forms and generated docs. */
        public Builder<T> doc(String doc) {
            this.doc = doc;
            return this;
        }

        public Builder<T> defaultValue(T defaultValue) {
            this.defaultValue = defaultValue;
            return this;
        }

        /** The configuration is invalid without a value for this key. */
        public Builder<T> required() {
            this.required = true;
            return this;
        }

        public Builder<T> validate(Validator<? super T> validator) {
            validators.add(Objects.requireNonNull(validator));
            return this;
        }

        public Builder<T> group(String group) {
            this.group = group;
            return this;
        }

        public Builder<T> example(String example) {
            this.example = example;
            return this;
        }

        public ConfigKey<T> build() {
            if (type == ConfigType.ENUM && allowedValues.isEmpty()) {
                throw new IllegalStateException("choice key '" + name + "' needs allowed values");
            }
            if (type == ConfigType.SECRET && defaultValue != null) {
                throw new IllegalStateException("secret key '" + name + "' cannot have a default");
            }
            return new ConfigKey<>(this);
        }
    }
}
