package io.earshot.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.earshot.server.embedded.EmbeddedElasticsearch;
import io.earshot.server.testing.ApiClient;
import io.earshot.server.testing.TestElasticsearch;
import io.earshot.server.testing.TestServer;
import io.earshot.server.testing.plugins.ScriptedSource;
import io.earshot.server.testing.plugins.TestPlugins;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Elasticsearch is stopped in the middle of an ingestion and started again: the server stays up,
 * /health says Elasticsearch is down while it is, the source waits instead of dropping anything,
 * and every mention arrives exactly once.
 */
class ElasticsearchOutageIT {

    @TempDir
    Path dir;

    @Test
    void nothing_is_lost_or_duplicated_when_elasticsearch_goes_away_and_returns() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        // Under target/: a JUnit temp dir is private (0700) and the node may run as another user.
        EmbeddedElasticsearch es = TestElasticsearch.embedded(Path.of("target", "it-outage-es"), port);
        URI url = es.start();
        Path plugins = dir.resolve("plugins");
        TestPlugins.build(plugins, "scripted", List.of(ScriptedSource.class), List.of(ScriptedSource.class));
        try (TestServer server = TestServer.start(dir.resolve("data"), url, "outage",
                Map.of("EARSHOT_PLUGINS_DIR", plugins.toString(), "EARSHOT_INGEST_QUEUE_CAPACITY", "2000"))) {
            ApiClient api = server.api();
            ApiClient.Response created = api.post("/api/v1/workspaces/default/sources", Map.of("type", "scripted",
                    "name", "Steady stream", "config", Map.of("total", 20000, "batch", 200, "delayMs", 50, "prefix", "o")));
            assertThat(created.status()).isEqualTo(201);
            String id = created.at("/id").asText();
            String sourcePath = "/api/v1/workspaces/default/sources/" + id;
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> api.get(sourcePath).at("/health/counters/mentionsIndexed").asLong() >= 3000);

            es.close();

            await().atMost(Duration.ofSeconds(30)).until(() -> "DOWN".equals(api.get("/health").at("/elasticsearch/status").asText()));
            ApiClient.Response health = api.get("/health");
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.at("/status").asText()).isEqualTo("DEGRADED");
            assertThat(health.at("/elasticsearch/message").asText()).contains("cannot reach");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> api.get(sourcePath).at("/health/waitingFor").asText().contains("Elasticsearch"));
            long indexedBefore = api.get(sourcePath).at("/health/counters/mentionsIndexed").asLong();
            assertThat(indexedBefore).isLessThan(20000);
            ApiClient.Response search = api.get("/api/v1/workspaces/default/mentions");
            assertThat(search.status()).isEqualTo(503);
            assertThat(search.contentType()).startsWith("application/problem+json");

            es.start();

            await().atMost(Duration.ofSeconds(60)).until(() -> "UP".equals(api.get("/health").at("/elasticsearch/status").asText()));
            await().atMost(Duration.ofSeconds(120)).until(() -> {
                ApiClient.Response r = api.get("/api/v1/workspaces/default/mentions?size=1&source=" + id);
                return r.status() == 200 && r.at("/total").asLong() == 20000;
            });
            JsonNode h = api.get(sourcePath).at("/health");
            assertThat(h.at("/counters/mentionsIndexed").asLong()).isGreaterThanOrEqualTo(20000);
            assertThat(h.at("/waitingFor").isMissingNode() || h.at("/waitingFor").isNull()).isTrue();
            assertThat(api.get("/health").at("/status").asText()).isEqualTo("UP");
        } finally {
            es.close();
        }
    }
}
