package io.earshot.server.config;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A configured source as stored in the config index.
 *
 * @param id           unique within the workspace
 * @param workspace    owning workspace
 * @param type         the source plugin type, e.g. {@code rss}
 * @param name         display name
 * @param config       the plugin configuration as raw JSON data (secrets in clear: storage only)
 * @param pollInterval how often to poll
 * @param paused       whether a user paused it
 * @param createdAt    creation time
 * @param updatedAt    last change
 */
public record SourceDefinition(String id, String workspace, String type, String name, Map<String, Object> config,
                               Duration pollInterval, boolean paused, Instant createdAt, Instant updatedAt) {

    public SourceDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(pollInterval, "pollInterval");
        config = config == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(config));
    }

    public SourceDefinition withPaused(boolean paused, Instant now) {
        return new SourceDefinition(id, workspace, type, name, config, pollInterval, paused, createdAt, now);
    }
}
