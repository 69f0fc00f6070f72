package io.earshot.plugins.x;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.earshot.api.Mention;
import io.earshot.api.PollResult;
import io.earshot.api.SourceRecord;
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
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The X API v2 recent search as tests see it: a {@link ReplayServer} answering what each test prepares. */
final class FakeX implements AutoCloseable {

    static final String TOKEN = "AAAAAAAAAAAAAAAAAAAAAtestBearer%2Fsecret3f9a0c1b2d";
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SEARCH = "/2/tweets/search/recent";

    final ReplayServer server = ReplayServer.start();

    ReplayServer.Route search() {
        return server.on(SEARCH);
    }

    List<RecordedRequest> requests() {
        return server.requests(SEARCH);
    }

    /** A configuration with the token and this server, plus the given settings. */
    Map<String, Object> config(Object... keyValues) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("bearerToken", TOKEN);
        c.put("apiBaseUrl", server.uri("").toString());
        c.put("queries", List.of("acme rocket"));
        for (int i = 0; i < keyValues.length; i += 2) {
            c.put((String) keyValues[i], keyValues[i + 1]);
        }
        return c;
    }

    static TestTaskContext context(Map<String, ?> config, Clock clock) {
        HttpFetcher http = HttpFetcher.builder().userAgent("Earshot-test").clock(clock).build();
        return TestTaskContext.forSource(new XSource(), config, http, clock);
    }

    static TaskDriver start(TestTaskContext context) {
        return TaskDriver.start(new XSource(), context);
    }

    static Reply ok(String fixture) {
        return Reply.ok("application/json; charset=utf-8", text(fixture));
    }

    static Reply ok(JsonNode body) {
        return Reply.ok("application/json; charset=utf-8", body.toString());
    }

    /** A reply with X's rate-limit headers. */
    static Reply limited(Reply reply, int limit, int remaining, Instant reset) {
        return reply.header("x-rate-limit-limit", Integer.toString(limit))
                .header("x-rate-limit-remaining", Integer.toString(remaining))
                .header("x-rate-limit-reset", Long.toString(reset.getEpochSecond()));
    }

    static Reply error(int status, String fixture) {
        // the testkit labels status replies text/plain; the plugin reads the body as JSON regardless
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
        try (InputStream in = FakeX.class.getResourceAsStream("/x/" + name)) {
            return new String(Objects.requireNonNull(in, "no fixture " + name).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Mention> mentions(PollResult result) {
        return result.records().stream().map(SourceRecord::mention).filter(Objects::nonNull).toList();
    }

    static Mention byId(List<Mention> mentions, String id) {
        return mentions.stream().filter(m -> m.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no mention " + id + " among " + mentions.stream().map(Mention::id).toList()));
    }

    @Override
    public void close() {
        server.close();
    }
}
