package io.earshot.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.earshot.server.testing.ApiClient;
import io.earshot.server.testing.TestElasticsearch;
import io.earshot.server.testing.TestServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analytics endpoints over a known set of stored mentions: counts, splits, sentiment, share of
 * voice, trending hashtags against their baseline, rankings — and their filters.
 */
class AnalyticsIT {

    @TempDir
    static Path dir;
    static TestServer server;
    static ApiClient api;
    static final Instant DAY = Instant.parse("2026-11-10T00:00:00Z");

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir.resolve("data"));
        api = server.api();
        StringBuilder bulk = new StringBuilder();
        String index = server.indexPrefix() + "-mentions-2026.11";
        List<String> docs = new ArrayList<>();
        // Baseline week before DAY: 10 mentions a day of topic "acme", hashtag #acme, neutral.
        for (int d = 1; d <= 7; d++) {
            for (int i = 0; i < 10; i++) {
                docs.add(doc("base-" + d + "-" + i, DAY.minusSeconds(d * 86_400L - i * 600L), "acme", "acme", "neutral",
                        "user" + (i % 3), 100, 5, "en", null));
            }
        }
        // DAY: a spike: 40 mentions, #recall new, mostly negative, topic acme; 10 of rival; 5 duplicates.
        for (int i = 0; i < 40; i++) {
            docs.add(doc("day-" + i, DAY.plusSeconds(3600 + i * 60L), "acme", i < 30 ? "recall" : "acme",
                    i < 30 ? "negative" : "positive", i < 20 ? "bigvoice" : "user" + (i % 3), i < 20 ? 100_000 : 50,
                    i < 20 ? 500 : 1, i % 2 == 0 ? "ru" : "en", i >= 35 ? "scripted:day-0" : null));
        }
        for (int i = 0; i < 10; i++) {
            docs.add(doc("rival-" + i, DAY.plusSeconds(7200 + i * 60L), "rival", "rival", "positive", "fan" + i, 10, 2,
                    "pl", null));
        }
        for (String d : docs) {
            String id = d.substring(d.indexOf("\"id\":\"") + 6, d.indexOf("\",", d.indexOf("\"id\":\"")));
            bulk.append("{\"index\":{\"_index\":\"").append(index).append("\",\"_id\":\"default/").append(id).append("\"}}\n")
                    .append(d).append('\n');
        }
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(TestElasticsearch.url().resolve("/_bulk?refresh=true"))
                .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString(bulk.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).startsWith("{\"errors\":false");
    }

    static String doc(String id, Instant at, String topic, String hashtag, String sentiment, String author, long reach,
                      long likes, String lang, String duplicateOf) {
        return "{\"id\":\"scripted:" + id + "\",\"workspace\":\"default\",\"source\":\"scripted\",\"sourceId\":\"src-"
                + topic + "\",\"platform\":\"scripted\",\"title\":\"About " + topic + "\",\"text\":\"Talking about "
                + topic + " and the " + hashtag + " today\",\"lang\":\"" + lang + "\",\"publishedAt\":\"" + at
                + "\",\"author\":{\"handle\":\"" + author + "\"},\"engagement\":{\"likes\":" + likes + ",\"shares\":1},"
                + "\"reach\":" + reach + ",\"influence\":" + Math.min(100, Math.log10(reach + 1) * 10) + ","
                + "\"hashtags\":[\"" + hashtag + "\"],\"domains\":[\"" + topic + ".example.com\"],"
                + "\"sentiment\":{\"label\":\"" + sentiment + "\",\"score\":0.5},\"topics\":[\"" + topic + "\"]"
                + (duplicateOf == null ? "" : ",\"duplicateOf\":\"" + duplicateOf + "\"") + "}";
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static JsonNode get(String path) {
        ApiClient.Response r = api.get("/api/v1/workspaces/default/analytics/" + path);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    @Test
    void volume_over_time_split_by_topic_with_and_without_duplicates() {
        JsonNode v = get("volume?from=2026-11-10T00:00:00Z&to=2026-11-11T00:00:00Z&split=topic");
        assertThat(v.at("/total").asLong()).isEqualTo(50);
        assertThat(v.at("/interval").asText()).isEqualTo("15m");
        assertThat(v.at("/buckets")).hasSize(96);
        long acme = 0;
        long rival = 0;
        for (JsonNode b : v.at("/buckets")) {
            acme += b.at("/split/acme").asLong(0);
            rival += b.at("/split/rival").asLong(0);
        }
        assertThat(acme).isEqualTo(40);
        assertThat(rival).isEqualTo(10);
        assertThat(get("volume?from=2026-11-10&to=2026-11-11&duplicates=exclude").at("/total").asLong()).isEqualTo(45);
        assertThat(get("volume?from=2026-11-01&to=2026-11-11&topic=acme").at("/interval").asText()).isEqualTo("3h");
    }

    @Test
    void sentiment_totals_and_net_sentiment() {
        JsonNode s = get("sentiment?from=2026-11-10&to=2026-11-11&topic=acme");
        assertThat(s.at("/negative").asLong()).isEqualTo(30);
        assertThat(s.at("/positive").asLong()).isEqualTo(10);
        assertThat(s.at("/netSentiment").asDouble()).isEqualTo(-0.5);
    }

    @Test
    void share_of_voice_between_two_topics() {
        JsonNode s = get("share-of-voice?from=2026-11-10&to=2026-11-11&topic=acme&topic=rival");
        assertThat(s.at("/topics/0/topic").asText()).isEqualTo("acme");
        assertThat(s.at("/topics/0/share").asDouble()).isEqualTo(0.8);
        assertThat(s.at("/topics/1/share").asDouble()).isEqualTo(0.2);
    }

    @Test
    void a_new_hashtag_in_the_window_trends_against_the_baseline() {
        JsonNode t = get("trending-terms?to=2026-11-11T00:00:00Z&window=24h&baseline=7d");
        assertThat(t.at("/windowTotal").asLong()).isEqualTo(50);
        assertThat(t.at("/baselineTotal").asLong()).isEqualTo(70);
        assertThat(t.at("/hashtags/0/term").asText()).isEqualTo("recall");
        assertThat(t.at("/hashtags/0/isNew").asBoolean()).isTrue();
        assertThat(t.at("/hashtags").findValuesAsText("term")).doesNotContain("acme");
    }

    @Test
    void rankings_of_authors_domains_languages_and_sources() {
        JsonNode byReach = get("top-authors?from=2026-11-10&to=2026-11-11&by=reach&size=3");
        assertThat(byReach.at("/items/0/key").asText()).isEqualTo("bigvoice");
        assertThat(byReach.at("/items/0/metric").asDouble()).isEqualTo(2_000_000.0);
        JsonNode byMentions = get("top-authors?from=2026-11-10&to=2026-11-11");
        assertThat(byMentions.at("/items/0/key").asText()).isEqualTo("bigvoice");
        assertThat(byMentions.at("/items/0/count").asLong()).isEqualTo(20);
        JsonNode byEngagement = get("top-authors?from=2026-11-10&to=2026-11-11&by=engagement&size=2");
        assertThat(byEngagement.at("/items/0/metric").asDouble()).isEqualTo(20 * 501.0);
        assertThat(get("top-domains?from=2026-11-10&to=2026-11-11").at("/items/0/key").asText()).isEqualTo("acme.example.com");
        JsonNode langs = get("languages?from=2026-11-10&to=2026-11-11");
        assertThat(langs.at("/items").findValuesAsText("key")).containsExactlyInAnyOrder("ru", "en", "pl");
        assertThat(get("sources?from=2026-11-10&to=2026-11-11").at("/items/0/key").asText()).isEqualTo("src-acme");
    }

    @Test
    void bad_parameters_are_refused_with_every_problem() {
        ApiClient.Response r = api.get("/api/v1/workspaces/default/analytics/volume?split=colour&from=tomorrow&size=3");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.at("/errors").findValuesAsText("field")).containsExactlyInAnyOrder("split", "from", "size");
        assertThat(api.get("/api/v1/workspaces/nope/analytics/volume").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/workspaces/default/analytics/bogus").status()).isEqualTo(404);
    }
}
