package io.earshot.api.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A validated configuration: values already converted to their key's type. Produced by
 * {@link ConfigSpec#validate(Map)}; immutable and thread-safe.
 */
public final class Config {

    private final ConfigSpec spec;
    private final Map<String, Object> values;

    Config(ConfigSpec spec, Map<String, Object> values) {
        this.spec = spec;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The value of a key: the configured one, else the key's default, else {@code null}. */
    @SuppressWarnings("unchecked")
    public <T> T get(ConfigKey<T> key) {
        Object v = values.get(key.name());
        return v != null ? (T) v : key.defaultValue();
    }

    /** The value of a key, if configured or defaulted. */
    public <T> Optional<T> find(ConfigKey<T> key) {
        return Optional.ofNullable(get(key));
    }

    /** Whether the user set a value for this key (defaults do not count). */
    public boolean isSet(ConfigKey<?> key) {
        return values.containsKey(key.name());
    }

    public ConfigSpec spec() {
        return spec;
    }

    /**
     * The configured values (defaults not included) as plain JSON data, secrets revealed: for
     * storage only, never for display.
     */
    public Map<String, Object> toRaw() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (ConfigKey<?> key : spec.keys()) {
            Object v = values.get(key.name());
            if (v != null) {
                out.put(key.name(), key.toRaw(v));
            }
        }
        return out;
    }

    /** The configured values as plain JSON data with every secret replaced by {@link Secret#MASK}. */
    public Map<String, Object> toMasked() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (ConfigKey<?> key : spec.keys()) {
            Object v = values.get(key.name());
            if (v != null) {
                out.put(key.name(), key.isSecret() ? Secret.MASK : key.toRaw(v));
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return toMasked().toString();
    }
}
