package io.earshot.server.plugin;

import io.earshot.api.Source;
import io.earshot.api.SourceDescriptor;
import io.earshot.api.notify.Notifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the plugin zips of one directory with PF4J and collects their source (and notifier)
 * extensions. A plugin that cannot be read, resolved, started or instantiated is recorded with the
 * reason, visible through the API, and never stops the server or the other plugins.
 */
public final class PluginHost implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PluginHost.class);

    private final Path pluginsDir;
    private final String systemVersion;
    private PluginManager manager;
    private final Map<String, LoadedSource> sources = new LinkedHashMap<>();
    private final Map<String, Notifier> notifiers = new LinkedHashMap<>();
    private final List<PluginStatus> statuses = new ArrayList<>();

    public PluginHost(Path pluginsDir, String systemVersion) {
        this.pluginsDir = pluginsDir;
        this.systemVersion = systemVersion;
    }

    /** Loads and starts every plugin found. Blocking (reads and unpacks zips). */
    public synchronized void start() {
        if (!Files.isDirectory(pluginsDir)) {
            log.warn("Plugins directory {} does not exist: no sources are available", pluginsDir);
            statuses.add(new PluginStatus("(none)", null, null, pluginsDir.toString(), "MISSING",
                    "plugins directory " + pluginsDir + " does not exist", List.of()));
            return;
        }
        EarshotPluginManager pm = new EarshotPluginManager(pluginsDir);
        pm.setSystemVersion(semver(systemVersion));
        manager = pm;
        Map<Path, String> loadErrors = new LinkedHashMap<>();
        for (Path path : pm.pluginPaths()) {
            try {
                pm.loadPlugin(path);
            } catch (RuntimeException | LinkageError e) {
                loadErrors.put(path, describe(e));
                log.error("Cannot load plugin {}: {}", path.getFileName(), describe(e));
            }
        }
        for (PluginWrapper wrapper : pm.getPlugins()) {
            if (wrapper.getPluginState() == PluginState.RESOLVED || wrapper.getPluginState() == PluginState.STOPPED) {
                try {
                    pm.startPlugin(wrapper.getPluginId());
                } catch (RuntimeException | LinkageError e) {
                    wrapper.setPluginState(PluginState.FAILED);
                    wrapper.setFailedException(e);
                }
            }
        }
        for (PluginWrapper wrapper : pm.getPlugins()) {
            statuses.add(inspect(pm, wrapper));
        }
        reportUnreadableArchives(pm, loadErrors);
        loadErrors.forEach((path, error) -> statuses.add(new PluginStatus(path.getFileName().toString(), null, null,
                path.toString(), "FAILED", error, List.of())));
        long failed = statuses.stream().filter(PluginStatus::failed).count();
        log.info("Loaded {} plugin(s) from {} providing source types {}{}", statuses.size() - failed, pluginsDir,
                sources.keySet(), failed > 0 ? "; " + failed + " failed (see GET /api/v1/plugins)" : "");
    }

    private PluginStatus inspect(PluginManager pm, PluginWrapper wrapper) {
        String id = wrapper.getPluginId();
        String version = wrapper.getDescriptor().getVersion();
        String description = wrapper.getDescriptor().getPluginDescription();
        String path = String.valueOf(wrapper.getPluginPath());
        if (wrapper.getPluginState() != PluginState.STARTED) {
            String error = switch (wrapper.getPluginState()) {
                case DISABLED -> "disabled: it requires Earshot " + wrapper.getDescriptor().getRequires()
                        + " and this is " + systemVersion;
                case FAILED -> "failed to start: " + (wrapper.getFailedException() == null ? "unknown error"
                        : describe(wrapper.getFailedException()));
                default -> "not started (" + wrapper.getPluginState() + "): missing or incompatible dependencies "
                        + wrapper.getDescriptor().getDependencies();
            };
            log.error("Plugin {} {}", id, error);
            return new PluginStatus(id, version, description, path, wrapper.getPluginState().toString(), error, List.of());
        }
        List<String> contributed = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (Class<? extends Source> type : pm.getExtensionClasses(Source.class, id)) {
            try {
                Source source = type.getDeclaredConstructor().newInstance();
                SourceDescriptor descriptor = source.descriptor();
                source.configSpec();
                if (sources.containsKey(descriptor.type())) {
                    errors.add("source type '" + descriptor.type() + "' of " + type.getName()
                            + " is already provided by plugin " + sources.get(descriptor.type()).pluginId());
                    continue;
                }
                sources.put(descriptor.type(), new LoadedSource(source, descriptor, id, version,
                        wrapper.getPluginClassLoader()));
                contributed.add("source:" + descriptor.type());
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                errors.add("cannot create source " + type.getName() + ": " + describe(e));
            }
        }
        for (Class<? extends Notifier> type : pm.getExtensionClasses(Notifier.class, id)) {
            try {
                Notifier notifier = type.getDeclaredConstructor().newInstance();
                String t = notifier.descriptor().type();
                if (notifiers.containsKey(t)) {
                    errors.add("notifier type '" + t + "' is already provided by another plugin");
                    continue;
                }
                notifiers.put(t, notifier);
                contributed.add("notifier:" + t);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                errors.add("cannot create notifier " + type.getName() + ": " + describe(e));
            }
        }
        if (!errors.isEmpty()) {
            errors.forEach(e -> log.error("Plugin {}: {}", id, e));
        }
        return new PluginStatus(id, version, description, path, errors.isEmpty() ? "STARTED" : "PARTIAL",
                errors.isEmpty() ? null : String.join("; ", errors), contributed);
    }

    /** Zips in the plugins directory that PF4J skipped silently (corrupt, not a zip, no descriptor). */
    private void reportUnreadableArchives(PluginManager pm, Map<Path, String> loadErrors) {
        java.util.Set<String> loaded = new java.util.HashSet<>();
        for (PluginWrapper w : pm.getPlugins()) {
            loaded.add(w.getPluginPath().getFileName().toString());
        }
        loadErrors.keySet().forEach(p -> loaded.add(p.getFileName().toString()));
        try (java.util.stream.Stream<Path> files = Files.list(pluginsDir)) {
            for (Path zip : files.filter(f -> f.getFileName().toString().endsWith(".zip")).sorted().toList()) {
                String name = zip.getFileName().toString();
                String base = name.substring(0, name.length() - 4);
                if (loaded.contains(name) || loaded.contains(base)) {
                    continue;
                }
                String error;
                try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(zip.toFile())) {
                    error = z.getEntry("plugin.properties") == null
                            ? "not a plugin archive: it has no plugin.properties"
                            : "the archive could not be loaded (see the server log)";
                } catch (java.io.IOException e) {
                    error = "not a readable zip archive (" + e.getMessage() + ")";
                }
                log.error("Cannot load plugin {}: {}", name, error);
                statuses.add(new PluginStatus(base, null, null, zip.toString(), "FAILED", error, List.of()));
            }
        } catch (java.io.IOException e) {
            log.warn("Could not list {}: {}", pluginsDir, e.toString());
        }
    }

    /** Exposes the repository's plugin paths so each plugin can be loaded (and fail) on its own. */
    private static final class EarshotPluginManager extends DefaultPluginManager {
        EarshotPluginManager(Path root) {
            super(root);
        }

        List<Path> pluginPaths() {
            return pluginRepository.getPluginPaths();
        }
    }

    public synchronized List<PluginStatus> plugins() {
        return List.copyOf(statuses);
    }

    public synchronized Map<String, LoadedSource> sources() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(sources));
    }

    public synchronized Optional<LoadedSource> source(String type) {
        return Optional.ofNullable(sources.get(type));
    }

    public synchronized Map<String, Notifier> notifiers() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(notifiers));
    }

    public Path pluginsDir() {
        return pluginsDir;
    }

    @Override
    public synchronized void close() {
        if (manager != null) {
            for (PluginWrapper w : List.copyOf(manager.getStartedPlugins())) {
                try {
                    manager.stopPlugin(w.getPluginId());
                } catch (RuntimeException | LinkageError e) {
                    log.warn("Error while stopping plugin {}: {}", w.getPluginId(), e.toString());
                }
            }
        }
    }

    /**
     * The version plugins' {@code Plugin-Requires} is checked against: the release this build
     * leads to ("0.1.0-SNAPSHOT" → "0.1.0"), so a development build loads the plugins of its release.
     */
    static String semver(String version) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+\\.\\d+\\.\\d+).*").matcher(version);
        return m.matches() ? m.group(1) : "0.0.0";
    }

    static String describe(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && (t.getMessage() == null
                || t instanceof java.lang.reflect.InvocationTargetException)) {
            t = t.getCause();
        }
        String msg = t.getMessage();
        return t.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
    }
}
