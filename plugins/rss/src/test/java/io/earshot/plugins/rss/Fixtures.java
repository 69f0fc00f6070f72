package io.earshot.plugins.rss;

import io.earshot.api.Mention;
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

/** Test feeds from src/test/resources/feeds, and tasks started the way the server starts them. */
final class Fixtures {

    private Fixtures() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/feeds/" + name)) {
            return Objects.requireNonNull(in, "no fixture " + name).readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    static TestTaskContext context(Map<String, ?> config) {
        return context(config, Clock.systemUTC());
    }

    static TestTaskContext context(Map<String, ?> config, Clock clock) {
        HttpFetcher http = HttpFetcher.builder().userAgent("Earshot-test").clock(clock).build();
        return TestTaskContext.forSource(new RssSource(), config, http, clock);
    }

    static TaskDriver start(TestTaskContext context) {
        return TaskDriver.start(new RssSource(), context);
    }

    static Mention titled(List<Mention> mentions, String titleStart) {
        return mentions.stream().filter(m -> m.title() != null && m.title().startsWith(titleStart)).findFirst()
                .orElseThrow(() -> new AssertionError("no mention titled '" + titleStart + "…' among "
                        + mentions.stream().map(Mention::title).toList()));
    }
}
