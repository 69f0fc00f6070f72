package io.earshot.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.earshot.plugins.testkit.ReplayServer;
import io.earshot.plugins.testkit.ReplayServer.Reply;
import io.earshot.server.testing.ApiClient;
import io.earshot.server.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RSS/Atom plugin, as shipped, inside the server: feeds served by a real local HTTP server are
 * searchable after one poll, polling again adds nothing, and each kind of bad feed shows a clear
 * error in its source's health while the good sources keep ingesting.
 */
class RssIngestIT {

    @TempDir
    static Path dir;
    static TestServer server;
    static ApiClient api;
    static ReplayServer feeds;

    @BeforeAll
    static void start() throws IOException {
        feeds = ReplayServer.start();
        feeds.on("/tech.rss").respond(Reply.ok("application/rss+xml; charset=utf-8", fixture("tech-daily.rss.xml"))
                .header("ETag", "\"v1\""));
        feeds.on("/blog.atom").respond(Reply.ok("application/atom+xml", fixture("blog.atom.xml")));
        feeds.on("/broken.rss").respond(Reply.ok("application/rss+xml", fixture("malformed.rss.xml")));
        feeds.on("/error.rss").respond(Reply.status(500, "Internal Server Error"));
        feeds.on("/huge.rss").respond(Reply.endless("application/rss+xml", 50L * 1024 * 1024));
        feeds.on("/xxe.rss").respond(Reply.ok("application/rss+xml", fixture("xxe.rss.xml")));
        feeds.on("/news").respond(Reply.ok("text/html; charset=utf-8", fixture("page.html")));
        server = TestServer.start(dir.resolve("data"));
        api = server.api();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (feeds != null) {
            feeds.close();
        }
    }

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = RssIngestIT.class.getResourceAsStream("/feeds/" + name)) {
            return in.readAllBytes();
        }
    }

    static String addFeed(String name, String... paths) {
        return addFeedIn("default", name, paths);
    }

    static String addFeedIn(String workspace, String name, String... paths) {
        List<String> urls = java.util.Arrays.stream(paths).map(p -> feeds.uri(p).toString()).toList();
        ApiClient.Response r = api.post("/api/v1/workspaces/" + workspace + "/sources",
                Map.of("type", "rss", "name", name, "config", Map.of("feeds", urls), "pollInterval", "1h"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.at("/id").asText();
    }

    static JsonNode source(String id) {
        return source("default", id);
    }

    static JsonNode source(String workspace, String id) {
        return api.get("/api/v1/workspaces/" + workspace + "/sources/" + id).json();
    }

    static long total(String query) {
        return total("default", query);
    }

    static long total(String workspace, String query) {
        return api.get("/api/v1/workspaces/" + workspace + "/mentions?size=100&" + query).at("/total").asLong();
    }

    @Test
    void feed_items_are_searchable_after_one_poll_and_polling_again_adds_nothing() {
        String id = addFeed("Tech and blog", "/tech.rss", "/blog.atom");
        await().atMost(Duration.ofSeconds(30)).until(() -> total("source=" + id) == 22);
        JsonNode s = source(id);
        assertThat(s.at("/health/state").asText()).isEqualTo("RUNNING");
        assertThat(s.at("/health/counters/polls").asLong()).isEqualTo(1);

        ApiClient.Response page = api.get("/api/v1/workspaces/default/mentions?size=100&source=" + id + "&q=outage");
        assertThat(page.at("/total").asLong()).isGreaterThanOrEqualTo(4);
        JsonNode russian = api.get("/api/v1/workspaces/default/mentions?size=1&source=" + id + "&q="
                + ApiClient.encode("офис")).at("/items/0");
        assertThat(russian.at("/title").asText()).startsWith("Компания Acme открыла офис в Москве");
        assertThat(russian.at("/author/name").asText()).isEqualTo("Иван Петров");
        assertThat(russian.at("/platform").asText()).isEqualTo("web");
        JsonNode review = api.get("/api/v1/workspaces/default/mentions?size=1&source=" + id + "&q="
                + ApiClient.encode("\"phone after one month\" part 2")).at("/items/0");
        assertThat(review.at("/text").asText()).contains("Battery life is excellent & the camera is fine.")
                .doesNotContain("<", "alert", "script");
        assertThat(review.at("/url").asText()).startsWith("https://news.example.com/2026/11/story-2");
        JsonNode atom = api.get("/api/v1/workspaces/default/mentions?size=1&source=" + id + "&q="
                + ApiClient.encode("moved workloads")).at("/items/0");
        assertThat(atom.at("/url").asText()).isEqualTo("https://blog.example.org/posts/moving-off-acme");
        assertThat(atom.at("/title").asText()).isEqualTo("Why we moved off Acme Cloud");

        int requestsBefore = feeds.requests("/tech.rss").size();
        api.post("/api/v1/workspaces/default/sources/" + id + "/poll", Map.of());
        await().atMost(Duration.ofSeconds(30)).until(() -> source(id).at("/health/counters/polls").asLong() >= 2);
        assertThat(feeds.requests("/tech.rss")).hasSizeGreaterThan(requestsBefore);
        assertThat(feeds.requests("/tech.rss").getLast().header("If-None-Match")).isEqualTo("\"v1\"");
        assertThat(total("source=" + id)).isEqualTo(22);
        assertThat(source(id).at("/health/counters/mentionsCollected").asLong()).isEqualTo(22);
    }

    @Test
    void each_bad_feed_shows_a_clear_error_and_good_sources_keep_ingesting() {
        Map<String, String> bad = Map.of(
                "/broken.rss", "",
                "/error.rss", "500",
                "/huge.rss", "10 MB",
                "/xxe.rss", "",
                "/news", "HTML");
        String ws = "bad-feeds";
        assertThat(api.post("/api/v1/workspaces", Map.of("id", ws)).status()).isEqualTo(201);
        Map<String, String> ids = new java.util.LinkedHashMap<>();
        bad.keySet().forEach(path -> ids.put(path, addFeedIn(ws, "bad " + path, path)));
        String good = addFeedIn(ws, "Good one", "/tech.rss");

        for (Map.Entry<String, String> e : ids.entrySet()) {
            await().atMost(Duration.ofSeconds(60)).alias(e.getKey())
                    .until(() -> "FAILING".equals(source(ws, e.getValue()).at("/health/state").asText()));
            JsonNode health = source(ws, e.getValue()).at("/health");
            String message = health.at("/message").asText();
            assertThat(message).as(e.getKey()).isNotBlank().doesNotContain("Exception:").doesNotContain("\tat ");
            assertThat(message).as(e.getKey()).contains(bad.get(e.getKey()));
            assertThat(health.at("/partitions/0/ok").asBoolean()).isFalse();
        }
        assertThat(source(ws, ids.get("/news")).at("/health/message").asText()).contains("/feeds/all.rss");
        await().atMost(Duration.ofSeconds(30)).until(() -> total(ws, "source=" + good) == 20);
        assertThat(total(ws, "q=" + ApiClient.encode("root"))).isZero();
        assertThat(api.get("/api/v1/workspaces/" + ws + "/mentions?size=500").body()).doesNotContain("/bin/bash", "root:x:");
        assertThat(api.get("/health").at("/status").asText()).isEqualTo("UP");
    }
}
