package io.earshot.server.config;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A workspace: one brand or client, owning its sources (and later topics, rules, notifiers).
 *
 * @param id        URL-safe id, e.g. {@code acme}
 * @param name      display name
 * @param createdAt when it was created
 */
public record Workspace(String id, String name, Instant createdAt) {

    public static final String DEFAULT = "default";
    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    public Workspace {
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("workspace id must be lower-case letters, digits and '-' (at most 63)");
        }
        name = name == null || name.isBlank() ? id : name.strip();
    }
}
