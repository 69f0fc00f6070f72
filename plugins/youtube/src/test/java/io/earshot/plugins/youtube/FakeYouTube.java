package io.earshot.plugins.youtube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.earshot.api.http.HttpFetcher;
import io.earshot.plugins.testkit.ReplayServer;
import io.earshot.plugins.testkit.ReplayServer.RecordedRequest;
import io.earshot.plugins.testkit.ReplayServer.Reply;
import io.earshot.plugins.testkit.TaskDriver;
import io.earshot.plugins.testkit.TestTaskContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The YouTube Data API as tests see it: a {@link ReplayServer} under {@value #BASE} where
 * {@code videos} and {@code channels} answer from a library of resources (only the ids asked for,
 * as YouTube does), and {@code search} and {@code commentThreads} answer what each test prepares.
 */
final class FakeYouTube implements AutoCloseable {

    static final String BASE = "/youtube/v3";
    static final String KEY = "AIzaSyD-test-KEY-3f9a0c1b2d4e5f60718293a4b";
    static final ObjectMapper JSON = new ObjectMapper();

    static final String TECH = "UCtechTalkReviews000000A";
    static final String POLISH = "UCpolskieTestyTech00000A";
    static final String RUSSIAN = "UCobzorTehnikiRu0000000A";
    static final String ACME = "UCacmeOfficial000000000A";

    final ReplayServer server = ReplayServer.start();
    private final Map<String, JsonNode> videos = new LinkedHashMap<>();
    private final Map<String, JsonNode> channels = new LinkedHashMap<>();

    FakeYouTube() {
        fixture("videos-library.json").path("items").forEach(v -> videos.put(v.get("id").asText(), v));
        fixture("channels-library.json").path("items").forEach(c -> channels.put(c.get("id").asText(), c));
        server.on(BASE + "/videos").respond(this::videos);
        server.on(BASE + "/channels").respond(this::channels);
    }

    ReplayServer.Route search() {
        return server.on(BASE + "/search");
    }

    ReplayServer.Route threads() {
        return server.on(BASE + "/commentThreads");
    }

    /** Adds a video resource to the library {@code videos.list} answers from. */
    void addVideo(JsonNode video) {
        videos.put(video.get("id").asText(), video);
    }

    List<RecordedRequest> requests(String resource) {
        return server.requests(BASE + "/" + resource);
    }

    String baseUrl() {
        return server.uri(BASE).toString();
    }

    /** A configuration with the key and this server, plus the given settings. */
    Map<String, Object> config(Object... keyValues) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("apiKey", KEY);
        c.put("apiBaseUrl", baseUrl());
        for (int i = 0; i < keyValues.length; i += 2) {
            c.put((String) keyValues[i], keyValues[i + 1]);
        }
        return c;
    }

    static TestTaskContext context(Map<String, ?> config, Clock clock) {
        HttpFetcher http = HttpFetcher.builder().userAgent("Earshot-test").clock(clock).build();
        return TestTaskContext.forSource(new YouTubeSource(), config, http, clock);
    }

    static TaskDriver start(TestTaskContext context) {
        return TaskDriver.start(new YouTubeSource(), context);
    }

    static Reply ok(String fixture) {
        return Reply.ok("application/json; charset=UTF-8", text(fixture));
    }

    static Reply ok(JsonNode body) {
        return Reply.ok("application/json; charset=UTF-8", body.toString());
    }

    static Reply error(int status, String fixture) {
        // the testkit's status replies are labelled text/plain; the plugin reads the body as JSON regardless
        return Reply.status(status, text(fixture));
    }

    static JsonNode fixture(String name) {
        try {
            return JSON.readTree(text(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String name) {
        try (InputStream in = FakeYouTube.class.getResourceAsStream("/youtube/" + name)) {
            return new String(Objects.requireNonNull(in, "no fixture " + name).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A search result page of {@code count} generated videos, with their resources added to the library. */
    JsonNode generatedSearchPage(String prefix, int count, String nextPageToken) {
        ObjectNode page = JSON.createObjectNode().put("kind", "youtube#searchListResponse");
        if (nextPageToken != null) {
            page.put("nextPageToken", nextPageToken);
        }
        ArrayNode items = page.putArray("items");
        for (int i = 0; i < count; i++) {
            String id = String.format(Locale.ROOT, "%s%0" + (11 - prefix.length()) + "d", prefix, i);
            String published = String.format(Locale.ROOT, "2026-11-20T09:%02d:%02dZ", 59 - i / 60, 59 - i % 60);
            ObjectNode item = items.addObject().put("kind", "youtube#searchResult");
            item.putObject("id").put("kind", "youtube#video").put("videoId", id);
            item.putObject("snippet").put("publishedAt", published).put("channelId", TECH)
                    .put("title", "Rocket clip " + id).put("description", "short").put("channelTitle", "Tech & Talk");
            ObjectNode video = JSON.createObjectNode().put("kind", "youtube#video").put("id", id);
            video.putObject("snippet").put("publishedAt", published).put("channelId", TECH)
                    .put("title", "Rocket clip " + id).put("description", "full description of " + id)
                    .put("channelTitle", "Tech & Talk");
            video.putObject("statistics").put("viewCount", "10").put("likeCount", "1").put("commentCount", "0");
            addVideo(video);
        }
        return page;
    }

    private Reply videos(RecordedRequest r) {
        ObjectNode answer = JSON.createObjectNode().put("kind", "youtube#videoListResponse");
        ArrayNode items = answer.putArray("items");
        for (String id : r.param("id").split(",")) {
            JsonNode v = videos.get(id);
            if (v != null) {
                items.add(v);
            }
        }
        answer.putObject("pageInfo").put("totalResults", items.size()).put("resultsPerPage", items.size());
        return ok(answer);
    }

    private Reply channels(RecordedRequest r) {
        ObjectNode answer = JSON.createObjectNode().put("kind", "youtube#channelListResponse");
        ArrayNode items = answer.putArray("items");
        Map<String, JsonNode> byHandle = new HashMap<>();
        channels.values().forEach(c -> byHandle.put(c.path("snippet").path("customUrl").asText().toLowerCase(Locale.ROOT), c));
        if (r.param("forHandle") != null) {
            JsonNode c = byHandle.get(r.param("forHandle").toLowerCase(Locale.ROOT));
            if (c != null) {
                items.add(c);
            }
        } else {
            for (String id : r.param("id").split(",")) {
                JsonNode c = channels.get(id);
                if (c != null) {
                    items.add(c);
                }
            }
        }
        return ok(answer);
    }

    @Override
    public void close() {
        server.close();
    }
}
