package io.earshot.api.config;

/**
 * Checks one parsed value of a {@link ConfigKey}. Must be fast and free of I/O.
 *
 * @param <T> the key's value type
 */
@FunctionalInterface
public interface Validator<T> {

    /**
     * @return what is wrong with the value, phrased to follow the field name (e.g. "must be at
     *         least 1"), or {@code null} when it is fine
     */
    String problem(T value);
}
