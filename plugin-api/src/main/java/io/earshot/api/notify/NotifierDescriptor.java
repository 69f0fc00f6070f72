package io.earshot.api.notify;

import java.util.Objects;

/**
 * How a kind of notifier presents itself.
 *
 * @param type        stable identifier, e.g. {@code slack}
 * @param name        short human name
 * @param description one or two plain sentences
 */
public record NotifierDescriptor(String type, String name, String description) {

    public NotifierDescriptor {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        if (!type.matches("[a-z][a-z0-9-]{0,39}")) {
            throw new IllegalArgumentException("notifier type must be lower case letters, digits and '-': '" + type + "'");
        }
    }
}
