package io.earshot.server.ingest;

import io.earshot.api.Checkpoint;
import io.earshot.api.SourceHealth;
import io.earshot.api.SourceState;
import io.earshot.api.config.Config;
import io.earshot.api.config.ConfigKey;
import io.earshot.api.config.Durations;
import io.earshot.api.config.FieldError;
import io.earshot.api.config.Secret;
import io.earshot.api.config.ValidationResult;
import io.earshot.server.ConflictException;
import io.earshot.server.InvalidRequestException;
import io.earshot.server.NotFoundException;
import io.earshot.server.config.SourceDefinition;
import io.earshot.server.metrics.Metrics;
import io.earshot.server.plugin.LoadedSource;
import io.earshot.server.plugin.PluginHost;
import io.earshot.server.store.CheckpointStore;
import io.earshot.server.store.ConfigStore;
import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns every configured source: validates and persists definitions, runs one {@link SourceRunner}
 * per active source, routes Elasticsearch acknowledgements to the right checkpoint tracker and
 * commits reached checkpoints every second. Methods that touch Elasticsearch block: call them from
 * worker threads.
 */
public final class SourceManager implements IngestListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SourceManager.class);
    private static final Duration COMMIT_INTERVAL = Duration.ofSeconds(1);

    private final PluginHost plugins;
    private final ConfigStore configStore;
    private final CheckpointStore checkpointStore;
    private final Metrics metrics;
    private final Clock clock;
    private SourceRunner.Services services;
    private final Map<SourceKey, Entry> entries = new ConcurrentHashMap<>();
    private final ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "source-housekeeping");
        t.setDaemon(true);
        return t;
    });
    private final SecureRandom random = new SecureRandom();

    /** One configured source and its live parts. The tracker outlives task restarts and edits. */
    private static final class Entry {
        volatile SourceDefinition definition;
        final SourceStatus status;
        final CheckpointTracker tracker;
        volatile SourceRunner runner;
        volatile String configError;
        final Counter indexedCounter;
        final Counter rejectedCounter;

        Entry(SourceDefinition definition, SourceStatus status, CheckpointTracker tracker, Metrics metrics) {
            this.definition = definition;
            this.status = status;
            this.tracker = tracker;
            this.indexedCounter = metrics.sourceCounter("earshot.mentions.indexed", "Mentions stored in Elasticsearch",
                    definition.workspace(), definition.id(), definition.type());
            this.rejectedCounter = metrics.sourceCounter("earshot.mentions.rejected",
                    "Mentions Elasticsearch refused (kept in the dead-letter index)",
                    definition.workspace(), definition.id(), definition.type());
            metrics.sourceFunctionCounter("earshot.source.polls", "Polls of the source", definition.workspace(),
                    definition.id(), definition.type(), status, SourceStatus::polls);
            metrics.sourceFunctionCounter("earshot.source.poll.errors", "Polls that failed", definition.workspace(),
                    definition.id(), definition.type(), status, SourceStatus::pollErrors);
            metrics.sourceFunctionCounter("earshot.mentions.collected", "Mentions returned by the source's task",
                    definition.workspace(), definition.id(), definition.type(), status, SourceStatus::collected);
            metrics.sourceGauge("earshot.source.healthy", "1 while the source is RUNNING, else 0",
                    definition.workspace(), definition.id(), definition.type(), status,
                    s -> s.snapshot().state() == io.earshot.api.SourceState.RUNNING ? 1 : 0);
        }
    }

    /** A source as the API shows it. */
    public record SourceView(String id, String workspace, String type, String name, Map<String, Object> config,
                             String pollInterval, boolean paused, Instant createdAt, Instant updatedAt,
                             String plugin, String pluginVersion, SourceHealth health) {
    }

    /**
     * What a user sends to create or replace a source.
     *
     * @param type         the source type (ignored on update; a source cannot change type)
     * @param name         display name
     * @param config       the plugin configuration
     * @param pollInterval "30s", "5m"... or a number of seconds; default: the plugin's default
     * @param paused       create it paused
     */
    public record SourceRequest(String type, String name, Map<String, Object> config, Object pollInterval,
                                Boolean paused) {
    }

    public SourceManager(PluginHost plugins, ConfigStore configStore, CheckpointStore checkpointStore, Metrics metrics,
                         Clock clock) {
        this.plugins = plugins;
        this.configStore = configStore;
        this.checkpointStore = checkpointStore;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Wires the runner services (the sink needs this manager as its listener, hence two steps). */
    public void services(SourceRunner.Services services) {
        this.services = services;
    }

    /** Loads every stored source and starts the active ones. */
    public void start() throws IOException {
        List<SourceDefinition> all = configStore.allSources();
        for (SourceDefinition def : all) {
            SourceKey key = new SourceKey(def.workspace(), def.id());
            Entry entry = new Entry(def, new SourceStatus(clock), new CheckpointTracker(checkpointStore.load(key)), metrics);
            entries.put(key, entry);
            launch(entry);
        }
        housekeeping.scheduleWithFixedDelay(this::housekeeping, COMMIT_INTERVAL.toMillis(), COMMIT_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
        log.info("Started {} source(s)", entries.values().stream().filter(e -> e.runner != null).count());
    }

    // ---- API operations ----

    public List<SourceView> list(String workspace) {
        return entries.values().stream()
                .filter(e -> e.definition.workspace().equals(workspace))
                .sorted(Comparator.comparing((Entry e) -> e.definition.createdAt()).thenComparing(e -> e.definition.id()))
                .map(this::view)
                .toList();
    }

    public SourceView get(String workspace, String id) {
        return view(entry(workspace, id));
    }

    public SourceView create(String workspace, SourceRequest request) throws IOException {
        LoadedSource plugin = requirePlugin(request.type());
        Validated v = validate(plugin, request, null);
        Instant now = clock.instant();
        String id = newId();
        SourceDefinition def = new SourceDefinition(id, workspace, plugin.type(), v.name, v.config.toRaw(), v.pollInterval,
                Boolean.TRUE.equals(request.paused()), now, now);
        configStore.save(def);
        SourceKey key = new SourceKey(workspace, id);
        Entry entry = new Entry(def, new SourceStatus(clock), new CheckpointTracker(Map.of()), metrics);
        entries.put(key, entry);
        launch(entry);
        log.info("Source {} ({}, '{}') created in workspace {}", id, def.type(), def.name(), workspace);
        return view(entry);
    }

    public SourceView update(String workspace, String id, SourceRequest request) throws IOException {
        Entry entry = entry(workspace, id);
        SourceDefinition old = entry.definition;
        if (request.type() != null && !request.type().equals(old.type())) {
            throw new InvalidRequestException("type", "a source cannot change type (it is '" + old.type()
                    + "'); create a new source instead");
        }
        LoadedSource plugin = requirePlugin(old.type());
        Validated v = validate(plugin, request, old.config());
        boolean paused = request.paused() != null ? request.paused() : old.paused();
        SourceDefinition def = new SourceDefinition(id, workspace, old.type(), v.name, v.config.toRaw(), v.pollInterval,
                paused, old.createdAt(), clock.instant());
        configStore.save(def);
        stopRunner(entry);
        entry.definition = def;
        entry.status.reset();
        launch(entry);
        log.info("Source {} updated", new SourceKey(workspace, id));
        return view(entry);
    }

    /** Validates a request without creating anything (for forms). */
    public List<FieldError> check(String type, SourceRequest request) {
        LoadedSource plugin = requirePlugin(type);
        try {
            validate(plugin, request, null);
            return List.of();
        } catch (InvalidRequestException e) {
            return e.errors();
        }
    }

    public void delete(String workspace, String id) throws IOException {
        Entry entry = entry(workspace, id);
        SourceKey key = new SourceKey(workspace, id);
        stopRunner(entry);
        configStore.deleteSource(workspace, id);
        entries.remove(key);
        checkpointStore.delete(key);
        metrics.removeSource(workspace, id);
        log.info("Source {} deleted (its mentions stay)", key);
    }

    public SourceView pause(String workspace, String id) throws IOException {
        Entry entry = entry(workspace, id);
        if (!entry.definition.paused()) {
            SourceDefinition def = entry.definition.withPaused(true, clock.instant());
            configStore.save(def);
            entry.definition = def;
            stopRunner(entry);
            entry.status.paused(true);
        }
        return view(entry);
    }

    public SourceView resume(String workspace, String id) throws IOException {
        Entry entry = entry(workspace, id);
        if (entry.definition.paused()) {
            SourceDefinition def = entry.definition.withPaused(false, clock.instant());
            configStore.save(def);
            entry.definition = def;
            launch(entry);
        }
        return view(entry);
    }

    /** Polls now; returns the source. */
    public SourceView pollNow(String workspace, String id) {
        Entry entry = entry(workspace, id);
        if (entry.definition.paused()) {
            throw new ConflictException("source " + id + " is paused; resume it first");
        }
        if (entry.runner == null) {
            throw new ConflictException("source " + id + " cannot run: " + entry.configError);
        }
        entry.runner.pollNow();
        return view(entry);
    }

    /** Counts of sources by state, for /health. */
    public Map<String, Long> summary() {
        Map<String, Long> out = new LinkedHashMap<>();
        out.put("total", (long) entries.size());
        for (SourceState s : SourceState.values()) {
            out.put(s.name().toLowerCase(java.util.Locale.ROOT), 0L);
        }
        for (Entry e : entries.values()) {
            out.merge(health(e).state().name().toLowerCase(java.util.Locale.ROOT), 1L, Long::sum);
        }
        return out;
    }

    /** Whether a workspace has sources (a workspace with sources cannot be deleted). */
    public boolean hasSources(String workspace) {
        return entries.keySet().stream().anyMatch(k -> k.workspace().equals(workspace));
    }

    /** Total records registered and not yet acknowledged. */
    public int inFlight() {
        return entries.values().stream().mapToInt(e -> e.tracker.inFlight()).sum();
    }

    // ---- acknowledgements from the sink (client I/O threads) ----

    @Override
    public void indexed(IngestItem item) {
        Entry entry = entries.get(item.key());
        if (entry != null) {
            entry.tracker.done(item.seq());
            entry.status.indexed();
            entry.indexedCounter.increment();
        }
    }

    @Override
    public void rejected(IngestItem item, String reason) {
        Entry entry = entries.get(item.key());
        if (entry != null) {
            entry.tracker.done(item.seq());
            entry.status.rejected(reason);
            entry.rejectedCounter.increment();
        }
    }

    // ---- internals ----

    private void launch(Entry entry) {
        SourceDefinition def = entry.definition;
        entry.runner = null;
        entry.configError = null;
        Optional<LoadedSource> plugin = plugins.source(def.type());
        if (plugin.isEmpty()) {
            entry.configError = "no installed plugin provides source type '" + def.type() + "'";
            entry.status.startFailed(entry.configError, true);
            return;
        }
        ValidationResult spec = plugin.get().source().configSpec().validate(def.config());
        ValidationResult result = spec.isValid() ? spec.and(plugin.get().source().validate(spec.config().orElseThrow())) : spec;
        if (!result.isValid()) {
            entry.configError = "the stored configuration is no longer valid for plugin " + plugin.get().pluginId()
                    + " " + plugin.get().pluginVersion() + ": " + result + "; edit the source";
            entry.status.startFailed(entry.configError, true);
            return;
        }
        if (def.paused()) {
            entry.status.paused(true);
            return;
        }
        SourceRunner runner = new SourceRunner(def, spec.config().orElseThrow(), plugin.get(), services, entry.status,
                entry.tracker);
        entry.runner = runner;
        runner.start();
    }

    private void stopRunner(Entry entry) {
        SourceRunner runner = entry.runner;
        entry.runner = null;
        if (runner != null) {
            runner.stop();
        }
    }

    private record Validated(String name, Config config, Duration pollInterval) {
    }

    private Validated validate(LoadedSource plugin, SourceRequest request, Map<String, Object> previousConfig) {
        List<FieldError> errors = new ArrayList<>();
        String name = request.name() == null ? "" : request.name().strip();
        if (name.isEmpty()) {
            errors.add(new FieldError("name", "is required"));
        } else if (name.length() > 200) {
            errors.add(new FieldError("name", "must have at most 200 characters"));
        }
        Duration interval = plugin.descriptor().defaultPollInterval();
        if (request.pollInterval() != null) {
            try {
                Object raw = request.pollInterval();
                interval = raw instanceof Number n ? Duration.ofSeconds(n.longValue()) : Durations.parse(raw.toString());
                Duration min = plugin.descriptor().minPollInterval();
                if (interval.compareTo(min) < 0) {
                    errors.add(new FieldError("pollInterval", "must be at least " + Durations.format(min)
                            + " for " + plugin.descriptor().name()));
                } else if (interval.compareTo(Duration.ofDays(7)) > 0) {
                    errors.add(new FieldError("pollInterval", "must be at most 7d"));
                }
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("pollInterval", e.getMessage()));
            }
        }
        Map<String, Object> raw = new LinkedHashMap<>(request.config() == null ? Map.of() : request.config());
        if (previousConfig != null) {
            keepMaskedSecrets(plugin, raw, previousConfig);
        }
        ValidationResult spec = plugin.source().configSpec().validate(raw);
        Config config = null;
        if (spec.isValid()) {
            config = spec.config().orElseThrow();
            ValidationResult extra;
            try {
                extra = plugin.source().validate(config);
            } catch (RuntimeException e) {
                extra = ValidationResult.error("config", "the plugin could not check this configuration: " + e.getMessage());
            }
            extra.errors().forEach(e -> errors.add(prefixed(e)));
        } else {
            spec.errors().forEach(e -> errors.add(prefixed(e)));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors.size() == 1 ? "1 field is invalid" : errors.size() + " fields are invalid",
                    errors);
        }
        return new Validated(name, config, interval);
    }

    /** A client that echoes "********" back for a secret means "keep the stored one". */
    private static void keepMaskedSecrets(LoadedSource plugin, Map<String, Object> raw, Map<String, Object> previous) {
        for (ConfigKey<?> key : plugin.source().configSpec().keys()) {
            if (key.isSecret() && Secret.MASK.equals(raw.get(key.name())) && previous.containsKey(key.name())) {
                raw.put(key.name(), previous.get(key.name()));
            }
        }
    }

    private static FieldError prefixed(FieldError e) {
        return new FieldError(e.field().equals("config") ? "config" : "config." + e.field(), e.message());
    }

    private LoadedSource requirePlugin(String type) {
        if (type == null || type.isBlank()) {
            throw new InvalidRequestException("type", "is required; see GET /api/v1/source-types for the installed types");
        }
        return plugins.source(type).orElseThrow(() -> new InvalidRequestException("type",
                "no installed plugin provides source type '" + type + "'; installed: " + plugins.sources().keySet()));
    }

    private Entry entry(String workspace, String id) {
        Entry entry = entries.get(new SourceKey(workspace, id));
        if (entry == null) {
            throw new NotFoundException("no source '" + id + "' in workspace '" + workspace + "'");
        }
        return entry;
    }

    private SourceHealth health(Entry e) {
        return e.status.snapshot();
    }

    private SourceView view(Entry e) {
        SourceDefinition d = e.definition;
        Optional<LoadedSource> plugin = plugins.source(d.type());
        Map<String, Object> masked = new LinkedHashMap<>(d.config());
        plugin.ifPresent(p -> p.source().configSpec().keys().stream()
                .filter(ConfigKey::isSecret)
                .filter(k -> masked.containsKey(k.name()))
                .forEach(k -> masked.put(k.name(), Secret.MASK)));
        if (plugin.isEmpty()) {
            masked.replaceAll((k, v) -> Secret.MASK);
        }
        return new SourceView(d.id(), d.workspace(), d.type(), d.name(), masked, Durations.format(d.pollInterval()),
                d.paused(), d.createdAt(), d.updatedAt(), plugin.map(LoadedSource::pluginId).orElse(null),
                plugin.map(LoadedSource::pluginVersion).orElse(null), health(e));
    }

    private String newId() {
        final String alphabet = "abcdefghijkmnopqrstuvwxyz23456789";
        StringBuilder sb = new StringBuilder("src-");
        for (int i = 0; i < 10; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private void housekeeping() {
        try {
            commitCheckpoints();
            for (Entry e : entries.values()) {
                SourceRunner r = e.runner;
                if (r != null) {
                    r.checkHung();
                }
            }
        } catch (RuntimeException e) {
            log.warn("Source housekeeping failed", e);
        }
    }

    /** Stores every checkpoint whose mentions are all acknowledged. */
    public void commitCheckpoints() {
        for (Map.Entry<SourceKey, Entry> e : entries.entrySet()) {
            Map<String, Checkpoint> dirty = e.getValue().tracker.takeDirty();
            if (dirty.isEmpty()) {
                continue;
            }
            try {
                checkpointStore.save(e.getKey(), dirty);
                e.getValue().tracker.committed(dirty);
            } catch (IOException | RuntimeException ex) {
                e.getValue().tracker.commitFailed(dirty);
                log.debug("Could not commit checkpoints of {} yet: {}", e.getKey(), ex.toString());
            }
        }
    }

    /** Stops every source, lets in-flight mentions finish (bounded) and commits their checkpoints. */
    @Override
    public void close() {
        List<SourceRunner> running = entries.values().stream().map(e -> e.runner)
                .filter(java.util.Objects::nonNull).toList();
        entries.values().forEach(this::stopRunner);
        housekeeping.shutdownNow();
        try {
            for (SourceRunner r : running) {
                r.awaitStopped(Duration.ofSeconds(5));
            }
            if (services != null) {
                services.sink().drain(Duration.ofSeconds(10));
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        commitCheckpoints();
    }
}
