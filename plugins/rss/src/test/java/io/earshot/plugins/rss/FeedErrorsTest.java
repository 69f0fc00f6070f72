package io.earshot.plugins.rss;

import static io.earshot.plugins.rss.Fixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.earshot.api.Mention;
import io.earshot.api.PollResult;
import io.earshot.api.SourceTask;
import io.earshot.plugins.testkit.ReplayServer;
import io.earshot.plugins.testkit.ReplayServer.Reply;
import io.earshot.plugins.testkit.TaskDriver;
import io.earshot.plugins.testkit.TestTaskContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each way a feed goes wrong is reported for that feed alone, in words a user can act on, while
 * the other feeds of the source keep being collected.
 */
class FeedErrorsTest {

    private ReplayServer server;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T12:00:00Z"));

    @BeforeEach
    void startServer() {
        server = ReplayServer.start();
        server.on("/good.rss").respond(Reply.ok("application/rss+xml", bytes("city-news.rss.xml")));
        server.on("/good.atom").respond(Reply.ok("application/atom+xml", bytes("dev-journal.atom.xml")));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private String url(String path) {
        return server.uri(path).toString();
    }

    private TestTaskContext context(String... paths) {
        return Fixtures.context(Map.of("feeds", Arrays.stream(paths).map(this::url).toList()), clock);
    }

    /** Polls once and returns what the user sees about each failing feed. */
    private Map<String, String> failuresAfterOnePoll(String path) throws InterruptedException {
        TestTaskContext context = context(path);
        try (TaskDriver driver = Fixtures.start(context)) {
            assertThat(driver.pollMentions()).isEmpty();
        }
        return context.failedPartitions();
    }

    @Test
    void a_missing_feed_says_not_found() throws InterruptedException {
        server.on("/gone.rss").respond(Reply.status(404, "Not Found"));

        assertThat(failuresAfterOnePoll("/gone.rss").get(url("/gone.rss")))
                .isEqualTo("not found (HTTP 404); check the address, the feed may have moved");
    }

    @Test
    void a_server_error_names_the_status() throws InterruptedException {
        server.on("/error.rss").respond(Reply.status(500, "Internal Server Error"));

        assertThat(failuresAfterOnePoll("/error.rss").get(url("/error.rss")))
                .isEqualTo("the site answered HTTP 500 (a server error); trying again on the next poll");
    }

    @Test
    void malformed_xml_names_the_line_and_the_problem() throws InterruptedException {
        server.on("/broken.rss").respond(Reply.ok("application/rss+xml", bytes("broken-unclosed.rss.xml")));

        assertThat(failuresAfterOnePoll("/broken.rss").get(url("/broken.rss")))
                .startsWith("not well-formed XML (line 6")
                .contains("\"b\"");
    }

    @Test
    void an_html_page_is_not_a_feed_and_the_message_names_the_feed_it_advertises() throws InterruptedException {
        server.on("/city/").respond(Reply.ok("text/html; charset=utf-8", bytes("news-portal.html")));

        assertThat(failuresAfterOnePoll("/city/").get(url("/city/"))).isEqualTo(
                "this is an HTML page, not a feed (it links to the feed " + url("/city/feed/")
                        + "; use that address instead)");
    }

    @Test
    void an_xml_document_that_is_no_feed_says_what_it_is() throws InterruptedException {
        server.on("/sitemap.xml").respond(Reply.ok("application/xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://a.example/</loc></url></urlset>
                """));

        assertThat(failuresAfterOnePoll("/sitemap.xml").get(url("/sitemap.xml")))
                .isEqualTo("this is an XML document but not an RSS or Atom feed (its root element is <urlset>)");
    }

    @Test
    void a_50_mb_feed_is_refused_at_the_size_limit() throws InterruptedException {
        server.on("/huge.rss").respond(Reply.endless("application/rss+xml", 50L * 1024 * 1024));

        assertThat(failuresAfterOnePoll("/huge.rss").get(url("/huge.rss")))
                .startsWith("the feed is larger than the 10 MB limit");
    }

    @Test
    void a_feed_slower_than_the_timeout_is_reported() throws InterruptedException {
        server.on("/slow.rss").respond(Reply.ok("application/rss+xml", bytes("city-news.rss.xml"))
                .delayed(Duration.ofSeconds(5)));
        TestTaskContext context = Fixtures.context(Map.of("feeds", List.of(url("/slow.rss")), "timeout", "1s"), clock);

        try (TaskDriver driver = Fixtures.start(context)) {
            assertThat(driver.pollMentions()).isEmpty();
        }
        assertThat(context.failedPartitions().get(url("/slow.rss"))).startsWith("no complete answer within 1s");
    }

    @Test
    void xxe_never_reads_a_local_file_and_the_feed_is_reported(@TempDir Path dir) throws IOException, InterruptedException {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "root:x:0:0:TOP-SECRET-7f3a");
        String secretUri = secret.toUri().toString();
        server.on("/xxe.rss").respond(Reply.ok("application/rss+xml",
                Fixtures.text("xxe-general.rss.xml").replace("@SECRET_URI@", secretUri)));
        server.on("/xxe-param.rss").respond(Reply.ok("application/rss+xml",
                Fixtures.text("xxe-parameter.rss.xml").replace("@SECRET_URI@", secretUri)));
        TestTaskContext context = context("/xxe.rss", "/xxe-param.rss", "/good.rss");

        List<Mention> mentions;
        try (TaskDriver driver = Fixtures.start(context)) {
            mentions = driver.pollMentions();
        }

        assertThat(mentions).hasSize(3).allSatisfy(m -> assertThat(m.toString()).doesNotContain("TOP-SECRET"));
        assertThat(context.failedPartitions()).containsOnlyKeys(url("/xxe.rss"), url("/xxe-param.rss"));
        assertThat(context.failedPartitions().values()).allSatisfy(message -> assertThat(message)
                .startsWith("refused: the feed declares an external entity")
                .doesNotContain("TOP-SECRET"));
    }

    @Test
    void a_billion_laughs_feed_is_refused() throws InterruptedException {
        server.on("/laughs.rss").respond(Reply.ok("application/rss+xml", bytes("billion-laughs.rss.xml")));

        assertThat(failuresAfterOnePoll("/laughs.rss").get(url("/laughs.rss")))
                .startsWith("refused: the feed declares entities that expand to more than")
                .contains("billion laughs");
    }

    @Test
    void bad_feeds_do_not_stop_the_good_ones_in_the_same_poll() throws InterruptedException {
        server.on("/gone.rss").respond(Reply.status(404, "Not Found"));
        server.on("/broken.rss").respond(Reply.ok("application/rss+xml", bytes("broken-unclosed.rss.xml")));
        server.on("/huge.rss").respond(Reply.endless("application/rss+xml", 50L * 1024 * 1024));
        TestTaskContext context = context("/gone.rss", "/good.rss", "/broken.rss", "/huge.rss", "/good.atom");

        List<Mention> mentions;
        try (TaskDriver driver = Fixtures.start(context)) {
            mentions = driver.pollMentions();
        }

        assertThat(mentions).hasSize(5);
        assertThat(mentions).extracting(m -> m.extras().get("feedUrl")).containsOnly(url("/good.rss"), url("/good.atom"));
        assertThat(context.failedPartitions()).containsOnlyKeys(url("/gone.rss"), url("/broken.rss"), url("/huge.rss"));
    }

    @Test
    void a_rate_limited_feed_waits_as_asked_while_the_others_go_on() throws InterruptedException {
        server.on("/busy.rss").thenOnce(Reply.tooManyRequests(120))
                .respond(Reply.ok("application/rss+xml", bytes("dev-journal.atom.xml")));
        TestTaskContext context = context("/busy.rss", "/good.rss");

        try (TaskDriver driver = Fixtures.start(context)) {
            assertThat(driver.pollMentions()).hasSize(3);
            assertThat(context.failedPartitions()).isEmpty();
            assertThat(context.waitingPartitions().get(url("/busy.rss")).message())
                    .isEqualTo("rate limited by the site (HTTP 429); not fetching it again before 2026-11-20 12:02:00 UTC");
            assertThat(context.waitingPartitions().get(url("/busy.rss")).until())
                    .isEqualTo(java.time.Instant.parse("2026-11-20T12:02:00Z"));
            assertThat(context.status().get("backoff")).contains(url("/busy.rss"));

            clock.advance(Duration.ofSeconds(60));
            driver.poll();
            assertThat(server.requests("/busy.rss")).as("not fetched inside the window").hasSize(1);
            assertThat(server.requests("/good.rss")).hasSize(2);

            clock.advance(Duration.ofSeconds(61));
            List<Mention> after = driver.pollMentions();
            assertThat(after).hasSize(2).allSatisfy(m -> assertThat(m.extras()).containsEntry("feedUrl", url("/busy.rss")));
            assertThat(context.failedPartitions()).isEmpty();
            assertThat(context.waitingPartitions()).isEmpty();
            assertThat(context.status()).doesNotContainKey("backoff");
        }
    }

    @Test
    void unavailable_with_retry_after_backs_off_too() throws InterruptedException {
        server.on("/maintenance.rss").respond(Reply.status(503, "down for maintenance").header("Retry-After", "600"));
        TestTaskContext context = context("/maintenance.rss");

        try (TaskDriver driver = Fixtures.start(context)) {
            driver.poll();
            driver.poll();
        }
        assertThat(server.requests("/maintenance.rss")).hasSize(1);
        assertThat(context.waitingPartitions().get(url("/maintenance.rss")).message())
                .startsWith("the site is unavailable (HTTP 503); not fetching it again before 2026-11-20 12:10:00 UTC");
    }

    @Test
    void a_feed_that_works_again_is_reported_recovered() throws InterruptedException {
        server.on("/flaky.rss").thenOnce(Reply.status(502, "Bad Gateway"))
                .respond(Reply.ok("application/rss+xml", bytes("city-news.rss.xml")));
        TestTaskContext context = context("/flaky.rss");

        try (TaskDriver driver = Fixtures.start(context)) {
            assertThat(driver.pollMentions()).isEmpty();
            assertThat(context.failedPartitions()).containsKey(url("/flaky.rss"));
            assertThat(driver.pollMentions()).hasSize(3);
            assertThat(context.failedPartitions()).isEmpty();
        }
    }

    @Test
    void stop_ends_a_poll_that_waits_for_a_slow_feed() {
        server.on("/slow.rss").respond(Reply.ok("application/rss+xml", bytes("city-news.rss.xml"))
                .delayed(Duration.ofSeconds(60)));
        TestTaskContext context = Fixtures.context(Map.of("feeds", List.of(url("/slow.rss")), "timeout", "2m"), clock);
        SourceTask task = new RssSource().createTask();
        task.start(context);
        AtomicReference<PollResult> result = new AtomicReference<>();
        CompletableFuture<Void> poll = CompletableFuture.runAsync(() -> {
            try {
                result.set(task.poll());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> !server.requests("/slow.rss").isEmpty());

        task.stop();

        await().atMost(Duration.ofSeconds(10)).until(poll::isDone);
        assertThat(result.get().records()).isEmpty();
        task.close();
    }
}
