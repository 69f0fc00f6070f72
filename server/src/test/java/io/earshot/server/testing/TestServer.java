package io.earshot.server.testing;

import io.earshot.api.config.Config;
import io.earshot.server.EarshotServer;
import io.earshot.server.ServerState;
import io.earshot.server.config.SettingsLoader;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A whole Earshot server in the test JVM: real HTTP on a free port, real Elasticsearch (its own
 * index prefix), the real plugin zips built by this repository.
 */
public final class TestServer implements AutoCloseable {

    private final EarshotServer server;
    private final ApiClient api;
    private final String prefix;

    private TestServer(EarshotServer server, String prefix) {
        this.server = server;
        this.prefix = prefix;
        this.api = new ApiClient("http://127.0.0.1:" + server.httpPort());
    }

    /** Starts a server against the shared test Elasticsearch. */
    public static TestServer start(Path dataDir) {
        return start(dataDir, TestElasticsearch.url(), TestElasticsearch.uniquePrefix(), Map.of());
    }

    /**
     * @param overrides extra settings as environment variables (e.g. EARSHOT_INGEST_POLL_TIMEOUT)
     */
    public static TestServer start(Path dataDir, URI esUrl, String prefix, Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>();
        env.put("EARSHOT_HTTP_PORT", "0");
        env.put("EARSHOT_DATA_DIR", dataDir.toString());
        env.put("EARSHOT_ELASTICSEARCH_URL", esUrl.toString());
        env.put("EARSHOT_ELASTICSEARCH_INDEX_PREFIX", prefix);
        env.put("EARSHOT_PLUGINS_DIR", TestElasticsearch.home().resolve("plugins").toString());
        env.put("EARSHOT_INGEST_BULK_FLUSH_INTERVAL", "200ms");
        env.putAll(overrides);
        Config settings = SettingsLoader.load(null, env);
        EarshotServer server = new EarshotServer(settings, TestElasticsearch.home(), Clock.systemUTC());
        try {
            server.start().toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            server.stop();
            throw new IllegalStateException("test server failed to start: " + server.state().message(), e);
        }
        if (server.state().phase() != ServerState.Phase.READY) {
            server.stop();
            throw new IllegalStateException("test server not ready: " + server.state());
        }
        return new TestServer(server, prefix);
    }

    public ApiClient api() {
        return api;
    }

    public EarshotServer server() {
        return server;
    }

    public String indexPrefix() {
        return prefix;
    }

    public int port() {
        return server.httpPort();
    }

    @Override
    public void close() {
        server.stop();
    }
}
