package io.earshot.api.config;

import java.util.Objects;

/**
 * One problem with one configuration field.
 *
 * @param field   the key's name, e.g. {@code feeds}
 * @param message what is wrong, readable by a user, e.g. "must be an http or https URL"
 */
public record FieldError(String field, String message) {

    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
