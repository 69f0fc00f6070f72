package io.earshot.api.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The settings a source or notifier accepts, in display order. Configuration is data: the server
 * validates against the spec, the API publishes it, the dashboard renders forms from it.
 */
public final class ConfigSpec {

    private final Map<String, ConfigKey<?>> keys;

    private ConfigSpec(List<ConfigKey<?>> keys) {
        Map<String, ConfigKey<?>> byName = new LinkedHashMap<>();
        for (ConfigKey<?> key : keys) {
            if (byName.put(key.name(), key) != null) {
                throw new IllegalArgumentException("duplicate config key '" + key.name() + "'");
            }
        }
        this.keys = Collections.unmodifiableMap(byName);
    }

    public static ConfigSpec of(ConfigKey<?>... keys) {
        return new ConfigSpec(List.of(keys));
    }

    public static ConfigSpec of(List<ConfigKey<?>> keys) {
        return new ConfigSpec(keys);
    }

    /** The keys in display order. */
    public List<ConfigKey<?>> keys() {
        return List.copyOf(keys.values());
    }

    public Optional<ConfigKey<?>> key(String name) {
        return Optional.ofNullable(keys.get(name));
    }

    /**
     * Parses and checks a raw configuration (JSON data: strings, numbers, booleans, lists, maps).
     * Reports every problem at once: unknown keys, missing required values, wrong types, failed
     * validators. A {@code null} value, an empty string or an empty list counts as not set.
     */
    public ValidationResult validate(Map<String, ?> raw) {
        Map<String, ?> input = raw == null ? Map.of() : raw;
        List<FieldError> errors = new ArrayList<>();
        for (String name : input.keySet()) {
            if (!keys.containsKey(name)) {
                errors.add(new FieldError(name, "unknown setting; known settings are "
                        + String.join(", ", keys.keySet())));
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (ConfigKey<?> key : keys.values()) {
            Object rawValue = input.get(key.name());
            if (isUnset(rawValue)) {
                if (key.required() && key.defaultValue() == null) {
                    errors.add(new FieldError(key.name(), "is required"));
                }
                continue;
            }
            try {
                values.put(key.name(), key.parse(rawValue));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError(key.name(), e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            return ValidationResult.invalid(errors);
        }
        return ValidationResult.valid(new Config(this, values));
    }

    /** A configuration with only defaults; fails when a key is required. */
    public Config defaults() {
        return validate(Map.of()).config()
                .orElseThrow(() -> new IllegalStateException("spec has required keys without defaults"));
    }

    private static boolean isUnset(Object raw) {
        return raw == null
                || raw instanceof String s && s.isBlank()
                || raw instanceof List<?> l && l.isEmpty()
                || raw instanceof Map<?, ?> m && m.isEmpty();
    }
}
