package io.earshot.server.plugin;

import io.earshot.api.Source;
import io.earshot.api.SourceDescriptor;

/**
 * A source type contributed by a plugin.
 *
 * @param source        the extension (stateless; shared)
 * @param descriptor    its descriptor, read once at load
 * @param pluginId      the plugin that contributed it
 * @param pluginVersion that plugin's version
 * @param classLoader   the plugin's class loader (the context class loader of its task threads)
 */
public record LoadedSource(Source source, SourceDescriptor descriptor, String pluginId, String pluginVersion,
                           ClassLoader classLoader) {

    public String type() {
        return descriptor.type();
    }
}
