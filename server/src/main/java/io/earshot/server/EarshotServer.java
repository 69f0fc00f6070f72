package io.earshot.server;

import io.earshot.api.config.Config;
import io.earshot.api.http.HttpFetcher;
import io.earshot.server.config.ServerSettings;
import io.earshot.server.config.WorkspaceService;
import io.earshot.server.embedded.EmbeddedElasticsearch;
import io.earshot.server.enrich.MentionPipeline;
import io.earshot.server.enrich.NormaliseStage;
import io.earshot.server.http.AccessGuard;
import io.earshot.server.http.HttpApi;
import io.earshot.server.ingest.MentionSink;
import io.earshot.server.ingest.SourceManager;
import io.earshot.server.ingest.SourceRunner;
import io.earshot.server.metrics.Metrics;
import io.earshot.server.plugin.PluginHost;
import io.earshot.server.store.CheckpointStore;
import io.earshot.server.store.ClusterMonitor;
import io.earshot.server.store.ConfigStore;
import io.earshot.server.store.ElasticsearchConnection;
import io.earshot.server.store.ElasticsearchMentionSink;
import io.earshot.server.store.IndexNames;
import io.earshot.server.store.IndexSetup;
import io.earshot.server.store.MentionSearch;
import io.earshot.server.store.MentionStats;
import io.earshot.server.store.RetentionJob;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the server together and runs its life: the HTTP server comes up first (so {@code /health}
 * can tell what is happening), then Elasticsearch (embedded or external), the indices, the
 * plugins, and finally the sources. Stopping reverses it, letting in-flight mentions reach
 * Elasticsearch and committing their checkpoints.
 */
public final class EarshotServer {

    private static final Logger log = LoggerFactory.getLogger(EarshotServer.class);

    private final Config settings;
    private final Path home;
    private final Clock clock;
    private final Instant startedAt;
    private final Metrics metrics = new Metrics();
    private volatile ServerState state;

    private Vertx vertx;
    private HttpServer httpServer;
    private volatile EmbeddedElasticsearch embedded;
    private volatile ElasticsearchConnection connection;
    private volatile ClusterMonitor monitor;
    private volatile PluginHost plugins;
    private volatile WorkspaceService workspaces;
    private volatile SourceManager sources;
    private volatile MentionSink sink;
    private volatile MentionSearch search;
    private volatile MentionStats stats;
    private final ScheduledExecutorService maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "maintenance");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param settings validated server settings
     * @param home     the Earshot installation (plugins/, elasticsearch-x.y.z/), or null
     */
    public EarshotServer(Config settings, Path home, Clock clock) {
        this.settings = settings;
        this.home = home;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.state = new ServerState(ServerState.Phase.STARTING, "starting", startedAt);
    }

    /** Starts everything; the future completes when the server is READY (or failed). */
    public Future<Void> start() {
        vertx = Vertx.vertx();
        HttpApi api = new HttpApi(vertx, this, settings.get(ServerSettings.HTTP_MAX_BODY_BYTES), AccessGuard.OPEN);
        String host = settings.get(ServerSettings.HTTP_HOST);
        int port = settings.get(ServerSettings.HTTP_PORT);
        return vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(true))
                .requestHandler(api.router())
                .listen(port, host)
                .onSuccess(s -> {
                    httpServer = s;
                    log.info("HTTP API listening on http://{}:{}/ (health: /health)", host, s.actualPort());
                })
                .compose(s -> vertx.executeBlocking(() -> {
                    bootStorageAndSources();
                    return null;
                }, false))
                .<Void>mapEmpty()
                .onSuccess(v -> {
                    state = new ServerState(ServerState.Phase.READY, null, clock.instant());
                    log.info("Earshot {} is ready after {} ms", EarshotVersion.server(),
                            Duration.between(startedAt, clock.instant()).toMillis());
                })
                .onFailure(e -> {
                    state = new ServerState(ServerState.Phase.FAILED, e.getMessage(), clock.instant());
                    log.error("Earshot failed to start: {}", e.getMessage(), e);
                });
    }

    private void bootStorageAndSources() throws Exception {
        Path dataDir = ServerSettings.path(settings, ServerSettings.DATA_DIR);
        Files.createDirectories(dataDir);
        URI url = settings.get(ServerSettings.ES_URL);
        boolean isEmbedded = url == null;
        if (isEmbedded) {
            phase("starting the embedded Elasticsearch");
            embedded = new EmbeddedElasticsearch(new EmbeddedElasticsearch.Settings(
                    embeddedHome(), dataDir, settings.get(ServerSettings.EMBEDDED_PORT),
                    settings.get(ServerSettings.EMBEDDED_HEAP), settings.get(ServerSettings.EMBEDDED_USER),
                    Path.of(System.getProperty("java.home"))));
            url = embedded.start();
        }
        String caPath = settings.get(ServerSettings.ES_CA_CERT);
        connection = ElasticsearchConnection.connect(url, new ElasticsearchConnection.Auth(
                settings.get(ServerSettings.ES_API_KEY), settings.get(ServerSettings.ES_USERNAME),
                settings.get(ServerSettings.ES_PASSWORD), caPath == null ? null : Path.of(caPath)), isEmbedded);
        monitor = new ClusterMonitor(connection, clock);
        monitor.start();
        while (!monitor.awaitUp(Duration.ofSeconds(5))) {
            phase("waiting for Elasticsearch at " + url + ": " + monitor.state().message());
        }
        phase("preparing Elasticsearch indices");
        IndexNames names = new IndexNames(settings.get(ServerSettings.ES_INDEX_PREFIX));
        new IndexSetup(connection.rest(), names, clock).install();
        RetentionJob retention = new RetentionJob(connection.rest(), names,
                settings.get(ServerSettings.ES_RETENTION_MONTHS), clock);
        maintenance.scheduleWithFixedDelay(() -> {
            try {
                retention.run();
            } catch (Exception e) {
                log.warn("Retention run failed: {}", e.toString());
            }
        }, 0, 24, TimeUnit.HOURS);

        ConfigStore configStore = new ConfigStore(connection.client(), names);
        workspaces = new WorkspaceService(configStore, clock);
        workspaces.start();
        search = new MentionSearch(connection.async(), names);
        stats = new MentionStats(connection.async(), names, clock);

        phase("loading plugins");
        PluginHost host = new PluginHost(pluginsDir(), EarshotVersion.server());
        host.start();
        plugins = host;

        phase("starting sources");
        SourceManager manager = new SourceManager(plugins, configStore, new CheckpointStore(connection.client(), names, clock),
                metrics, clock);
        MentionSink mentionSink = new ElasticsearchMentionSink(connection, names, monitor, metrics, clock,
                new ElasticsearchMentionSink.Settings(settings.get(ServerSettings.BULK_MAX_ACTIONS),
                        settings.get(ServerSettings.BULK_MAX_BYTES), settings.get(ServerSettings.BULK_FLUSH_INTERVAL),
                        settings.get(ServerSettings.BULK_CONCURRENCY), settings.get(ServerSettings.QUEUE_CAPACITY)),
                manager);
        MentionPipeline pipeline = new MentionPipeline(List.of(new NormaliseStage(clock)), metrics);
        HttpFetcher http = HttpFetcher.builder()
                .userAgent(settings.get(ServerSettings.USER_AGENT).formatted(EarshotVersion.server()))
                .clock(clock)
                .build();
        manager.services(new SourceRunner.Services(pipeline, mentionSink, monitor, http, clock,
                settings.get(ServerSettings.POLL_JITTER), settings.get(ServerSettings.POLL_TIMEOUT),
                settings.get(ServerSettings.MAX_BACKOFF), names));
        sink = mentionSink;
        manager.start();
        sources = manager;
    }

    private void phase(String message) {
        state = new ServerState(ServerState.Phase.STARTING, message, clock.instant());
        log.info("Startup: {}", message);
    }

    private Path embeddedHome() {
        String configured = settings.get(ServerSettings.EMBEDDED_HOME);
        if (configured != null) {
            return Path.of(configured).toAbsolutePath();
        }
        Path dir = home == null ? Path.of(".") : home;
        return dir.resolve("elasticsearch-" + EarshotVersion.elasticsearch()).toAbsolutePath().normalize();
    }

    private Path pluginsDir() {
        String configured = settings.get(ServerSettings.PLUGINS_DIR);
        if (configured != null) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        return (home == null ? Path.of("plugins") : home.resolve("plugins")).toAbsolutePath().normalize();
    }

    /** Stops everything, in reverse order. Blocking; safe to call more than once. */
    public synchronized void stop() {
        if (state.phase() == ServerState.Phase.STOPPING) {
            return;
        }
        state = new ServerState(ServerState.Phase.STOPPING, "stopping", clock.instant());
        log.info("Stopping Earshot");
        maintenance.shutdownNow();
        if (sources != null) {
            sources.close();
        }
        if (sink != null) {
            sink.close();
        }
        if (monitor != null) {
            monitor.close();
        }
        if (plugins != null) {
            plugins.close();
        }
        if (connection != null) {
            try {
                connection.close();
            } catch (Exception e) {
                log.debug("closing the Elasticsearch client", e);
            }
        }
        if (embedded != null) {
            embedded.close();
        }
        if (vertx != null) {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.debug("closing Vert.x", e);
            }
        }
        log.info("Earshot stopped");
    }

    // ---- accessors for the HTTP layer (null while starting) ----

    public ServerState state() {
        return state;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Metrics metrics() {
        return metrics;
    }

    public ElasticsearchConnection connection() {
        return connection;
    }

    public ClusterMonitor monitor() {
        return monitor;
    }

    public PluginHost plugins() {
        return plugins;
    }

    public WorkspaceService workspaces() {
        return workspaces;
    }

    public SourceManager sources() {
        return sources;
    }

    public MentionSink sink() {
        return sink;
    }

    public MentionSearch search() {
        return search;
    }

    public MentionStats stats() {
        return stats;
    }

    /** The port the HTTP server listens on (useful when configured as 0). */
    public int httpPort() {
        return httpServer == null ? -1 : httpServer.actualPort();
    }

    public EmbeddedElasticsearch embedded() {
        return embedded;
    }
}
