package io.earshot.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.earshot.server.testing.ApiClient;
import io.earshot.server.testing.TestElasticsearch;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server process is killed with SIGKILL in the middle of a 100,000-line file import and
 * started again: the import resumes from its last committed checkpoint and ends with exactly
 * 100,000 mentions, none lost, none duplicated.
 */
class CrashRecoveryIT {

    static final int LINES = 100_000;

    @TempDir
    Path dir;

    @Test
    void kill_minus_nine_mid_import_then_restart_gives_exactly_every_mention_once() throws Exception {
        Path file = dir.resolve("export.jsonl");
        writeExport(file);
        String prefix = TestElasticsearch.uniquePrefix();
        int port = freePort();
        ApiClient api = new ApiClient("http://127.0.0.1:" + port);

        Path logs = Files.createDirectories(Path.of("target", "it-logs"));
        Process first = startServer(port, prefix, logs.resolve("crash-recovery-1.log"));
        String sourceId;
        try {
            awaitReady(api, first);
            ApiClient.Response created = api.post("/api/v1/workspaces/default/sources", Map.of("type", "file",
                    "name", "Export", "config", Map.of("path", file.toString())));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            sourceId = created.at("/id").asText();
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                    .until(() -> storedCount(prefix) >= 15_000);
        } finally {
            first.destroyForcibly();
            first.waitFor(30, TimeUnit.SECONDS);
        }
        long beforeCrash = storedCount(prefix);
        assertThat(beforeCrash).as("killed mid-import").isBetween(15_000L, LINES - 1L);

        Process second = startServer(port, prefix, logs.resolve("crash-recovery-2.log"));
        try {
            awaitReady(api, second);
            String path = "/api/v1/workspaces/default/sources/" + sourceId;
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
                    .until(() -> api.get(path).at("/health/counters/mentionsIndexed").asLong()
                            + beforeCrash >= LINES && storedCount(prefix) == LINES);
            long collectedAfterRestart = api.get(path).at("/health/counters/mentionsCollected").asLong();
            assertThat(collectedAfterRestart).as("resumed from a checkpoint, not from the start").isLessThan(LINES);
            Thread.sleep(2000); // let any stray duplicate surface before the final count
            assertThat(storedCount(prefix)).isEqualTo(LINES);
            assertThat(api.get("/api/v1/workspaces/default/mentions?size=1").at("/total").asLong()).isEqualTo(LINES);
        } finally {
            second.destroy();
            second.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private Process startServer(int port, String prefix, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "-Dearshot.home=" + TestElasticsearch.home(), "io.earshot.server.Main"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("EARSHOT_HTTP_PORT", Integer.toString(port));
        env.put("EARSHOT_DATA_DIR", dir.resolve("data").toString());
        env.put("EARSHOT_ELASTICSEARCH_URL", TestElasticsearch.url().toString());
        env.put("EARSHOT_ELASTICSEARCH_INDEX_PREFIX", prefix);
        env.put("EARSHOT_PLUGINS_DIR", TestElasticsearch.home().resolve("plugins").toString());
        env.put("EARSHOT_LOG_LEVEL", "INFO");
        return pb.start();
    }

    private static void awaitReady(ApiClient api, Process process) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("server exited with " + process.exitValue());
            }
            try {
                String status = api.get("/health").at("/status").asText();
                return "UP".equals(status) || "DEGRADED".equals(status);
            } catch (RuntimeException e) {
                return false;
            }
        });
    }

    /** Documents in Elasticsearch for this test's indices, after a refresh. */
    private static long storedCount(String prefix) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI es = TestElasticsearch.url();
        http.send(HttpRequest.newBuilder(es.resolve("/" + prefix + "-mentions/_refresh"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        String body = http.send(HttpRequest.newBuilder(es.resolve("/" + prefix + "-mentions/_count")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"count\":(\\d+)").matcher(body);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static void writeExport(Path file) throws IOException {
        Instant base = Instant.parse("2026-09-15T00:00:00Z");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < LINES; i++) {
                out.write("{\"id\":\"post-" + i + "\",\"platform\":\"forum\",\"url\":\"https://forum.example.com/t/" + i
                        + "\",\"text\":\"Post number " + i + " about the Acme launch, reviews and prices\","
                        + "\"lang\":\"en\",\"publishedAt\":\"" + base.plusSeconds(i * 37L) + "\","
                        + "\"author\":{\"handle\":\"user" + (i % 977) + "\"}}\n");
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
