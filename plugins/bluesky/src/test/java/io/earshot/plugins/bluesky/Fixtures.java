package io.earshot.plugins.bluesky;

import io.earshot.api.Mention;
import io.earshot.api.PollResult;
import io.earshot.api.SourceRecord;
import io.earshot.api.http.HttpFetcher;
import io.earshot.plugins.testkit.TaskDriver;
import io.earshot.plugins.testkit.TestTaskContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Test payloads from src/test/resources/bluesky, and tasks started the way the server starts them. */
final class Fixtures {

    static final String ANNA = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";
    static final String IVAN = "did:plc:q6gjnaw2blty4crticxkmujt";
    static final String KASIA = "did:plc:z72i7hdynmk6r22z27h6tvur";
    static final String GONE = "did:plc:lv7ufj3bvwnbyp6yq2sm5zkb";

    private Fixtures() {
    }

    static String text(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/bluesky/" + name)) {
            return new String(Objects.requireNonNull(in, "no fixture " + name).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Jetstream events of jetstream-events.jsonl, one JSON text per event. */
    static List<String> events() {
        return text("jetstream-events.jsonl").lines().filter(l -> !l.isBlank()).toList();
    }

    static TestTaskContext context(Map<String, ?> config, Clock clock) {
        HttpFetcher http = HttpFetcher.builder().userAgent("Earshot-test").clock(clock).build();
        return TestTaskContext.forSource(new BlueskySource(), config, http, clock);
    }

    static TaskDriver start(TestTaskContext context) {
        return TaskDriver.start(new BlueskySource(), context);
    }

    static List<Mention> mentions(PollResult result) {
        return result.records().stream().map(SourceRecord::mention).filter(Objects::nonNull).toList();
    }

    /** A JWT as the PDS issues them (only {@code exp} matters to the client). */
    static String jwt(String scope, Instant expires) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"typ\":\"at+jwt\",\"alg\":\"ES256K\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString(("{\"scope\":\"" + scope + "\",\"sub\":\"" + ANNA + "\",\"iat\":"
                + (expires.getEpochSecond() - 7200) + ",\"exp\":" + expires.getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + ".c2lnbmF0dXJl";
    }

    /** The answer of com.atproto.server.createSession / refreshSession. */
    static String session(String access, String refresh) {
        return "{\"did\":\"" + ANNA + "\",\"handle\":\"anna.bsky.social\",\"email\":\"anna@example.com\","
                + "\"emailConfirmed\":true,\"accessJwt\":\"" + access + "\",\"refreshJwt\":\"" + refresh + "\",\"active\":true}";
    }
}
