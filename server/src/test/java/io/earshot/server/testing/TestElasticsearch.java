package io.earshot.server.testing;

import io.earshot.server.EarshotVersion;
import io.earshot.server.embedded.EmbeddedElasticsearch;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real Elasticsearch the integration tests run against, shared by every test in the JVM:
 * {@code EARSHOT_TEST_ES_URL} when set; else a Testcontainers node when a Docker engine answers;
 * else the embedded node the server itself uses. Tests isolate themselves with a unique index
 * prefix ({@link #uniquePrefix()}), never by wiping the cluster.
 */
public final class TestElasticsearch {

    private static final Logger log = LoggerFactory.getLogger(TestElasticsearch.class);
    private static URI url;
    private static AutoCloseable owned;

    private TestElasticsearch() {
    }

    /** The URL of the shared node, starting it on first use. */
    public static synchronized URI url() {
        if (url == null) {
            try {
                url = start();
            } catch (Exception e) {
                throw new IllegalStateException("could not start Elasticsearch for the tests: " + e.getMessage(), e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(TestElasticsearch::stop, "test-es-stop"));
        }
        return url;
    }

    /** An index prefix no other test uses. */
    public static String uniquePrefix() {
        return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    private static URI start() throws Exception {
        String env = System.getenv("EARSHOT_TEST_ES_URL");
        if (env != null && !env.isBlank()) {
            log.info("Tests use Elasticsearch at {}", env);
            return URI.create(env.strip());
        }
        if (dockerAvailable()) {
            var container = new org.testcontainers.elasticsearch.ElasticsearchContainer(
                    "docker.elastic.co/elasticsearch/elasticsearch:" + EarshotVersion.elasticsearch())
                    .withEnv("xpack.security.enabled", "false")
                    .withEnv("ES_JAVA_OPTS", "-Xms512m -Xmx512m");
            container.start();
            owned = container::stop;
            log.info("Tests use a Testcontainers Elasticsearch at {}", container.getHttpHostAddress());
            return URI.create("http://" + container.getHttpHostAddress());
        }
        EmbeddedElasticsearch node = embedded(Path.of("target", "test-es"), 0);
        URI started = node.start();
        owned = node;
        log.info("Tests use an embedded Elasticsearch at {}", started);
        return started;
    }

    /** A fresh embedded node in its own directory (for tests that stop and start Elasticsearch). */
    public static EmbeddedElasticsearch embedded(Path dir, int port) throws IOException {
        deleteTree(dir);
        Files.createDirectories(dir);
        return new EmbeddedElasticsearch(new EmbeddedElasticsearch.Settings(distribution(), dir.toAbsolutePath(), port,
                "512m", "earshot-es", Path.of(System.getProperty("java.home"))));
    }

    /** The distribution unpacked by the build. */
    public static Path distribution() {
        return home().resolve("elasticsearch-" + EarshotVersion.elasticsearch());
    }

    /** The runnable layout the build prepares (plugins/, elasticsearch-x/, lib/ after package). */
    public static Path home() {
        return Path.of(System.getProperty("earshot.home", "target/earshot")).toAbsolutePath();
    }

    private static boolean dockerAvailable() {
        if (System.getenv("DOCKER_HOST") == null && !java.nio.file.Files.exists(Path.of("/var/run/docker.sock"))) {
            return false; // no engine: skip Testcontainers' noisy probing
        }
        try {
            return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable t) {
            return false;
        }
    }

    private static synchronized void stop() {
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                log.warn("could not stop the test Elasticsearch", e);
            }
            owned = null;
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
