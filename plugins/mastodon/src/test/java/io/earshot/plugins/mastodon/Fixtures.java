package io.earshot.plugins.mastodon;

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
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Test payloads from src/test/resources/mastodon, and tasks started the way the server starts them. */
final class Fixtures {

    private Fixtures() {
    }

    static String text(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/mastodon/" + name)) {
            return new String(Objects.requireNonNull(in, "no fixture " + name).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static TestTaskContext context(Map<String, ?> config, Clock clock) {
        HttpFetcher http = HttpFetcher.builder().userAgent("Earshot-test").clock(clock).build();
        return TestTaskContext.forSource(new MastodonSource(), config, http, clock);
    }

    static TaskDriver start(TestTaskContext context) {
        return TaskDriver.start(new MastodonSource(), context);
    }

    static List<Mention> mentions(PollResult result) {
        return result.records().stream().map(SourceRecord::mention).filter(Objects::nonNull).toList();
    }
}
