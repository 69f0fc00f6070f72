package io.earshot.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.earshot.server.testing.ApiClient;
import io.earshot.server.testing.TestElasticsearch;
import io.earshot.server.testing.TestServer;
import io.earshot.server.testing.plugins.BrokenSource;
import io.earshot.server.testing.plugins.ScriptedSource;
import io.earshot.server.testing.plugins.TestPlugins;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingestion end to end with a real Elasticsearch and real plugin zips: mentions land and are
 * searchable, polling again adds nothing, misbehaving tasks and plugins are contained and shown in
 * health, a restart resumes from checkpoints without duplicates.
 */
class IngestIT {

    @TempDir
    static Path dir;
    static String prefix = TestElasticsearch.uniquePrefix();
    static TestServer server;
    static ApiClient api;

    @BeforeAll
    static void start() throws Exception {
        Path plugins = dir.resolve("plugins");
        TestPlugins.build(plugins, "scripted", List.of(ScriptedSource.class), List.of(ScriptedSource.class));
        TestPlugins.build(plugins, "broken", List.of(BrokenSource.class), List.of(BrokenSource.class));
        TestPlugins.garbage(plugins, "not-a-plugin");
        server = startServer(plugins);
        api = server.api();
    }

    static TestServer startServer(Path plugins) {
        return TestServer.start(dir.resolve("data"), TestElasticsearch.url(), prefix, Map.of(
                "EARSHOT_PLUGINS_DIR", plugins.toString(),
                "EARSHOT_INGEST_POLL_TIMEOUT", "2s",
                "EARSHOT_INGEST_POLL_JITTER", "0"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static String createSource(String workspace, Map<String, Object> body) {
        ApiClient.Response r = api.post("/api/v1/workspaces/" + workspace + "/sources", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.at("/id").asText();
    }

    static long total(String workspace, String query) {
        ApiClient.Response r = api.get("/api/v1/workspaces/" + workspace + "/mentions?size=1" + query);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.at("/total").asLong();
    }

    static JsonNode health(String workspace, String id) {
        return api.get("/api/v1/workspaces/" + workspace + "/sources/" + id).at("/health");
    }

    @Test
    void broken_plugins_are_reported_and_the_server_stays_up() {
        ApiClient.Response plugins = api.get("/api/v1/plugins");
        assertThat(plugins.status()).isEqualTo(200);
        assertThat(plugins.body()).contains("\"scripted\"").contains("source:scripted");
        assertThat(plugins.body()).contains("BrokenSource cannot be created (on purpose)");
        assertThat(plugins.body()).contains("not-a-plugin");

        ApiClient.Response health = api.get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.at("/status").asText()).isEqualTo("DEGRADED");
        assertThat(health.at("/elasticsearch/status").asText()).isEqualTo("UP");
        assertThat(health.at("/plugins/failed").asInt()).isEqualTo(2);
        assertThat(health.at("/plugins/sourceTypes").toString()).contains("scripted");
    }

    @Test
    void mentions_land_once_and_polling_again_adds_nothing() {
        String id = createSource("default", Map.of("type", "scripted", "name", "Numbers",
                "config", Map.of("total", 2500, "batch", 400, "prefix", "once"), "pollInterval", "1s"));
        await().atMost(Duration.ofSeconds(60)).until(() -> total("default", "&source=" + id) == 2500);
        await().atMost(Duration.ofSeconds(10)).until(() -> health("default", id).at("/counters/mentionsIndexed").asLong() == 2500);
        JsonNode h = health("default", id);
        assertThat(h.at("/state").asText()).isEqualTo("RUNNING");
        assertThat(h.at("/status/progress").asText()).isEqualTo("2500 of 2500");

        // the next polls (every second) and an explicit one find nothing new
        assertThat(api.post("/api/v1/workspaces/default/sources/" + id + "/poll", Map.of()).status()).isEqualTo(202);
        long polls = h.at("/counters/polls").asLong();
        await().atMost(Duration.ofSeconds(10)).until(() -> health("default", id).at("/counters/polls").asLong() >= polls + 2);
        assertThat(total("default", "&source=" + id)).isEqualTo(2500);

        String metrics = api.get("/metrics").body();
        assertThat(metrics).contains("earshot_mentions_indexed_total{source=\"" + id + "\",type=\"scripted\",workspace=\"default\"} 2500.0")
                .contains("earshot_mentions_collected_total{source=\"" + id + "\"")
                .contains("earshot_source_polls_total{source=\"" + id + "\"")
                .contains("earshot_bulk_latency_seconds_count")
                .contains("earshot_ingest_queue_depth")
                .contains("earshot_ingest_rate")
                .contains("earshot_pipeline_stage_seconds_count{stage=\"normalise\"}");

        JsonNode one = api.get("/api/v1/workspaces/default/mentions/scripted:once7").json();
        assertThat(one.at("/title").asText()).isEqualTo("Mention 7");
        assertThat(one.at("/sourceId").asText()).isEqualTo(id);
        assertThat(one.at("/source").asText()).isEqualTo("scripted");
        assertThat(one.at("/workspace").asText()).isEqualTo("default");
        assertThat(Instant.parse(one.at("/collectedAt").asText())).isAfter(Instant.now().minusSeconds(120));
    }

    @Test
    void cursor_paging_walks_every_mention_exactly_once_newest_first() {
        String id = createSource("default", Map.of("type", "scripted", "name", "Paging",
                "config", Map.of("total", 230, "prefix", "page")));
        await().atMost(Duration.ofSeconds(60)).until(() -> total("default", "&source=" + id) == 230);
        Set<String> seen = new HashSet<>();
        String cursor = null;
        Instant previous = Instant.MAX;
        int pages = 0;
        do {
            ApiClient.Response r = api.get("/api/v1/workspaces/default/mentions?size=50&source=" + id
                    + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.at("/total").asLong()).isEqualTo(230);
            for (JsonNode item : r.at("/items")) {
                assertThat(seen.add(item.at("/id").asText())).isTrue();
                Instant published = Instant.parse(item.at("/publishedAt").asText());
                assertThat(published).isBeforeOrEqualTo(previous);
                previous = published;
            }
            cursor = r.at("/next").isNull() || r.at("/next").isMissingNode() ? null : r.at("/next").asText();
            pages++;
        } while (cursor != null && pages < 20);
        assertThat(seen).hasSize(230);
        assertThat(pages).isEqualTo(5);
    }

    @Test
    void a_task_that_throws_is_shown_and_does_not_stop_other_sources() {
        String bad = createSource("default", Map.of("type", "scripted", "name", "Thrower", "config", Map.of("mode", "throw")));
        String good = createSource("default", Map.of("type", "scripted", "name", "Fine",
                "config", Map.of("total", 50, "prefix", "fine")));
        await().atMost(Duration.ofSeconds(30)).until(() -> health("default", bad).at("/lastError").asText().contains("scripted failure"));
        JsonNode h = health("default", bad);
        assertThat(h.at("/state").asText()).isIn("DEGRADED", "FAILING");
        assertThat(h.at("/message").asText()).contains("IllegalStateException: scripted failure");
        await().atMost(Duration.ofSeconds(30)).until(() -> total("default", "&source=" + good) == 50);
    }

    @Test
    void retry_after_from_the_platform_is_honoured() {
        String id = createSource("default", Map.of("type", "scripted", "name", "Throttled", "config", Map.of("mode", "retriable")));
        await().atMost(Duration.ofSeconds(30)).until(() -> health("default", id).at("/consecutiveFailures").asInt() >= 1);
        JsonNode h = health("default", id);
        assertThat(h.at("/state").asText()).isEqualTo("DEGRADED");
        assertThat(h.at("/message").asText()).isEqualTo("scripted platform answered HTTP 503");
        Instant next = Instant.parse(h.at("/nextPollAt").asText());
        Instant failed = Instant.parse(h.at("/lastErrorAt").asText());
        assertThat(Duration.between(failed, next)).isBetween(Duration.ofSeconds(41), Duration.ofSeconds(43));
    }

    @Test
    void rejected_credentials_show_failing_with_a_plain_message() {
        String id = createSource("default", Map.of("type", "scripted", "name", "Locked",
                "config", Map.of("mode", "credentials", "token", "s3cr3t-token-value")));
        await().atMost(Duration.ofSeconds(30)).until(() -> "FAILING".equals(health("default", id).at("/state").asText()));
        ApiClient.Response r = api.get("/api/v1/workspaces/default/sources/" + id);
        assertThat(r.at("/health/message").asText()).startsWith("credentials rejected by Scripted");
        assertThat(r.at("/config/token").asText()).isEqualTo("********");
        assertThat(r.body()).doesNotContain("s3cr3t-token-value");
    }

    @Test
    void a_hung_task_is_stopped_abandoned_and_replaced_while_the_server_keeps_serving() {
        String id = createSource("default", Map.of("type", "scripted", "name", "Hanger", "config", Map.of("mode", "hang")));
        await().atMost(Duration.ofSeconds(30)).until(() -> health("default", id).at("/lastError").asText().contains("hung"));
        JsonNode h = health("default", id);
        assertThat(h.at("/lastError").asText()).contains("ignored stop()").contains("new task started");
        assertThat(api.get("/health").status()).isEqualTo(200);
        api.delete("/api/v1/workspaces/default/sources/" + id);
    }

    @Test
    void invalid_sources_get_a_problem_naming_every_bad_field() {
        ApiClient.Response r = api.post("/api/v1/workspaces/default/sources", Map.of("type", "scripted", "name", " ",
                "pollInterval", "0s", "config", Map.of("total", -1, "mode", "dance", "bogus", 1)));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        List<String> fields = r.at("/errors").findValuesAsText("field");
        assertThat(fields).containsExactlyInAnyOrder("name", "pollInterval", "config.total", "config.mode", "config.bogus");
        assertThat(r.body()).contains("must be at least 1s").contains("must be one of emit, throw, hang, retriable, credentials");

        ApiClient.Response unknownType = api.post("/api/v1/workspaces/default/sources", Map.of("type", "nope", "name", "x"));
        assertThat(unknownType.status()).isEqualTo(400);
        assertThat(unknownType.at("/errors/0/field").asText()).isEqualTo("type");
        assertThat(unknownType.at("/errors/0/message").asText()).contains("no installed plugin provides source type 'nope'");

        ApiClient.Response unknownField = api.post("/api/v1/workspaces/default/sources",
                Map.of("type", "scripted", "name", "x", "pollIntervall", "5m"));
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.at("/errors/0/field").asText()).isEqualTo("pollIntervall");

        ApiClient.Response malformed = api.postRaw("/api/v1/workspaces/default/sources", "application/json",
                "{\"type\": \"scripted\", ".getBytes());
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.at("/detail").asText()).isNotBlank();

        ApiClient.Response huge = api.postRaw("/api/v1/workspaces/default/sources", "application/json",
                ("{\"name\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}").getBytes());
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.contentType()).startsWith("application/problem+json");

        ApiClient.Response check = api.post("/api/v1/source-types/scripted/validate",
                Map.of("config", Map.of("mode", "credentials")));
        assertThat(check.status()).isEqualTo(200);
        assertThat(check.at("/valid").asBoolean()).isFalse();
        assertThat(check.at("/errors/0/field").asText()).isEqualTo("config.token");
    }

    @Test
    void a_masked_secret_sent_back_keeps_the_stored_one() {
        String id = createSource("default", Map.of("type", "scripted", "name", "Secretive", "paused", true,
                "config", Map.of("mode", "credentials", "token", "keep-me-secret")));
        ApiClient.Response got = api.get("/api/v1/workspaces/default/sources/" + id);
        assertThat(got.at("/config/token").asText()).isEqualTo("********");
        ApiClient.Response updated = api.put("/api/v1/workspaces/default/sources/" + id, Map.of("name", "Renamed",
                "paused", true, "config", Map.of("mode", "credentials", "token", "********")));
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(updated.at("/name").asText()).isEqualTo("Renamed");
        assertThat(updated.body()).doesNotContain("keep-me-secret");
    }

    @Test
    void workspaces_isolate_mentions_and_unknown_ones_are_404() {
        assertThat(api.post("/api/v1/workspaces", Map.of("id", "brand-b", "name", "Brand B")).status()).isEqualTo(201);
        assertThat(api.post("/api/v1/workspaces", Map.of("id", "brand-b")).status()).isEqualTo(409);
        assertThat(api.post("/api/v1/workspaces", Map.of("id", "Bad Id!")).status()).isEqualTo(400);
        String id = createSource("brand-b", Map.of("type", "scripted", "name", "B numbers",
                "config", Map.of("total", 30, "prefix", "bee")));
        await().atMost(Duration.ofSeconds(30)).until(() -> total("brand-b", "") == 30);
        assertThat(total("default", "&q=" + ApiClient.encode("bee1"))).isZero();
        assertThat(api.get("/api/v1/workspaces/default/sources/" + id).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/workspaces/default/mentions/scripted:bee1").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/workspaces/nowhere/mentions").status()).isEqualTo(404);
        assertThat(api.delete("/api/v1/workspaces/brand-b").status()).isEqualTo(409);
        assertThat(api.delete("/api/v1/workspaces/default").status()).isEqualTo(409);
    }

    @Test
    void search_filters_and_bad_parameters() {
        String id = createSource("default", Map.of("type", "scripted", "name", "Searchable",
                "config", Map.of("total", 40, "prefix", "find", "platform", "forum")));
        await().atMost(Duration.ofSeconds(30)).until(() -> total("default", "&source=" + id) == 40);
        assertThat(total("default", "&platform=forum")).isGreaterThanOrEqualTo(40);
        assertThat(total("default", "&source=" + id + "&q=" + ApiClient.encode("\"number 17\""))).isEqualTo(1);
        assertThat(total("default", "&source=" + id + "&q=" + ApiClient.encode("acme -number"))).isZero();
        assertThat(total("default", "&source=" + id + "&from=2026-10-01T00:00:10Z&to=2026-10-01T00:00:20Z")).isEqualTo(10);
        assertThat(total("default", "&source=" + id + "&q=" + ApiClient.encode("{\"script\": \"x\"} AND ((("))).isZero();

        ApiClient.Response bad = api.get("/api/v1/workspaces/default/mentions?size=501&from=yesterday&colour=red");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.at("/errors").findValuesAsText("field")).containsExactlyInAnyOrder("size", "from", "colour");
        ApiClient.Response badCursor = api.get("/api/v1/workspaces/default/mentions?cursor=bm9wZQ");
        assertThat(badCursor.status()).isEqualTo(400);
    }

    @Test
    void pause_survives_a_restart_and_a_restart_resumes_without_duplicates() throws Exception {
        String paused = createSource("default", Map.of("type", "scripted", "name", "Paused later",
                "config", Map.of("total", 20, "prefix", "pz")));
        String resumed = createSource("default", Map.of("type", "scripted", "name", "Resumes",
                "config", Map.of("total", 600, "batch", 50, "prefix", "rs")));
        await().atMost(Duration.ofSeconds(30)).until(() -> total("default", "&source=" + paused) == 20);
        assertThat(api.post("/api/v1/workspaces/default/sources/" + paused + "/pause", Map.of()).at("/health/state").asText())
                .isEqualTo("PAUSED");
        await().atMost(Duration.ofSeconds(60)).until(() -> total("default", "&source=" + resumed) == 600);

        server.close();
        server = startServer(dir.resolve("plugins"));
        api = server.api();

        assertThat(health("default", paused).at("/state").asText()).isEqualTo("PAUSED");
        await().atMost(Duration.ofSeconds(30)).until(() -> health("default", resumed).at("/counters/polls").asLong() >= 1);
        assertThat(health("default", resumed).at("/counters/mentionsCollected").asLong()).isZero();
        assertThat(total("default", "&source=" + resumed)).isEqualTo(600);
        assertThat(api.post("/api/v1/workspaces/default/sources/" + paused + "/resume", Map.of()).status()).isEqualTo(200);
        assertThat(api.delete("/api/v1/workspaces/default/sources/" + paused).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/workspaces/default/sources/" + paused).status()).isEqualTo(404);
    }
}
