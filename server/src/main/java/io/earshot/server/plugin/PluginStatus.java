package io.earshot.server.plugin;

import java.util.List;

/**
 * A plugin as the API shows it: loaded and started, or failed and why.
 *
 * @param id          plugin id, or the file name when the descriptor could not be read
 * @param version     plugin version, when known
 * @param description what it does
 * @param path        where it was loaded from
 * @param state       STARTED, FAILED, DISABLED, RESOLVED...
 * @param error       why it failed, readable; {@code null} when fine
 * @param extensions  the source and notifier types it contributes
 */
public record PluginStatus(String id, String version, String description, String path, String state, String error,
                           List<String> extensions) {

    public PluginStatus {
        extensions = extensions == null ? List.of() : List.copyOf(extensions);
    }

    public boolean failed() {
        return error != null;
    }
}
