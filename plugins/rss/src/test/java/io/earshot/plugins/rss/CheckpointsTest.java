package io.earshot.plugins.rss;

import static io.earshot.plugins.rss.Fixtures.bytes;
import static io.earshot.plugins.rss.Fixtures.titled;
import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.api.Checkpoint;
import io.earshot.api.Mention;
import io.earshot.api.PollResult;
import io.earshot.api.SourceRecord;
import io.earshot.plugins.testkit.ReplayServer;
import io.earshot.plugins.testkit.ReplayServer.Reply;
import io.earshot.plugins.testkit.TaskDriver;
import io.earshot.plugins.testkit.TestTaskContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Conditional GET and checkpoints: nothing is collected twice, edits come back, restarts resume
 * where the stored mentions end, and large backlogs arrive in bounded batches.
 */
class CheckpointsTest {

    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

    private ReplayServer server;
    private final MutableClock clock = new MutableClock(NOW);

    @BeforeEach
    void startServer() {
        server = ReplayServer.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private TestTaskContext context(String path) {
        return Fixtures.context(Map.of("feeds", List.of(server.uri(path).toString())), clock);
    }

    @Test
    void the_second_poll_sends_the_validators_and_a_304_yields_no_mentions() throws InterruptedException {
        byte[] feed = bytes("city-news.rss.xml");
        String lastModified = "Mon, 16 Nov 2026 08:12:40 GMT";
        server.on("/feed").respond(request -> "\"v1\"".equals(request.header("If-None-Match"))
                ? Reply.notModified()
                : Reply.ok("application/rss+xml", feed).header("ETag", "\"v1\"").header("Last-Modified", lastModified));

        try (TaskDriver driver = Fixtures.start(context("/feed"))) {
            assertThat(driver.pollMentions()).hasSize(3);
            assertThat(driver.pollMentions()).isEmpty();
        }

        ReplayServer.RecordedRequest second = server.requests("/feed").get(1);
        assertThat(second.header("If-None-Match")).isEqualTo("\"v1\"");
        assertThat(second.header("If-Modified-Since")).isEqualTo(lastModified);
        assertThat(server.requests("/feed").getFirst().header("If-None-Match")).isNull();
    }

    @Test
    void polling_a_feed_that_ignores_conditional_get_again_collects_nothing_new() throws InterruptedException {
        server.on("/feed").respond(Reply.ok("application/rss+xml", bytes("city-news.rss.xml")));

        try (TaskDriver driver = Fixtures.start(context("/feed"))) {
            assertThat(driver.pollMentions()).hasSize(3);
            PollResult again = driver.poll();

            assertThat(again.records()).isEmpty();
            assertThat(again.hasMore()).isFalse();
        }
    }

    @Test
    void an_edited_item_comes_back_with_the_same_id_and_its_new_text() throws InterruptedException {
        String original = Fixtures.text("city-news.rss.xml");
        String edited = original.replace("Work starts in March.", "Work starts in April, a month later than planned.");
        server.on("/feed").thenOnce(Reply.ok("application/rss+xml", original))
                .respond(Reply.ok("application/rss+xml", edited));

        try (TaskDriver driver = Fixtures.start(context("/feed"))) {
            Mention before = titled(driver.pollMentions(), "Council approves");
            List<Mention> second = driver.pollMentions();

            assertThat(second).hasSize(1);
            Mention after = second.getFirst();
            assertThat(after.id()).isEqualTo(before.id());
            assertThat(after.text()).endsWith("Work starts in April, a month later than planned.");
        }
    }

    @Test
    void a_restarted_task_resumes_from_the_committed_checkpoints_without_collecting_again() throws InterruptedException {
        server.on("/feed").respond(Reply.ok("application/rss+xml", bytes("city-news.rss.xml")).header("ETag", "\"abc\""));
        TestTaskContext first = context("/feed");
        try (TaskDriver driver = Fixtures.start(first)) {
            assertThat(driver.pollMentions()).hasSize(3);
        }

        try (TaskDriver restarted = Fixtures.start(first.restarted())) {
            assertThat(restarted.pollMentions()).isEmpty();
        }
        assertThat(server.requests("/feed").getLast().header("If-None-Match")).isEqualTo("\"abc\"");
    }

    @Test
    void a_304_with_a_new_etag_moves_the_checkpoint_without_mentions() throws InterruptedException {
        server.on("/feed").thenOnce(Reply.ok("application/rss+xml", bytes("city-news.rss.xml")).header("ETag", "\"v1\""))
                .respond(Reply.notModified().header("ETag", "\"v2\""));
        TestTaskContext context = context("/feed");
        try (TaskDriver driver = Fixtures.start(context)) {
            driver.poll();
            PollResult notModified = driver.poll();

            assertThat(notModified.records()).hasSize(1);
            SourceRecord only = notModified.records().getFirst();
            assertThat(only.mention()).isNull();
            assertThat(only.checkpoint().partition()).isEqualTo(server.uri("/feed").toString());
        }

        try (TaskDriver restarted = Fixtures.start(context.restarted())) {
            assertThat(restarted.pollMentions()).isEmpty();
        }
        assertThat(server.requests("/feed").getLast().header("If-None-Match")).isEqualTo("\"v2\"");
    }

    @Test
    void a_large_backlog_arrives_in_bounded_batches_and_a_restart_mid_way_collects_only_the_rest()
            throws InterruptedException {
        server.on("/big").respond(Reply.ok("application/rss+xml", feedOfItems(1_000, "Item")).header("ETag", "\"big\""));
        TestTaskContext context = Fixtures.context(
                Map.of("feeds", List.of(server.uri("/big").toString()), "maxItemsPerPoll", 400), clock);
        List<Mention> firstBatch;
        try (TaskDriver driver = Fixtures.start(context)) {
            PollResult first = driver.poll();
            assertThat(first.hasMore()).isTrue();
            firstBatch = mentions(first);
            assertThat(firstBatch).hasSize(400);
        }

        List<Mention> rest;
        try (TaskDriver restarted = Fixtures.start(context.restarted())) {
            PollResult second = restarted.poll();
            PollResult third = restarted.poll();
            assertThat(second.hasMore()).isTrue();
            assertThat(third.hasMore()).isFalse();
            rest = new java.util.ArrayList<>(mentions(second));
            rest.addAll(mentions(third));
            assertThat(restarted.pollMentions()).isEmpty();
        }
        assertThat(rest).hasSize(600);
        assertThat(rest).extracting(Mention::id).doesNotContainAnyElementsOf(firstBatch.stream().map(Mention::id).toList());
        assertThat(server.requests("/big").get(1).header("If-None-Match"))
                .as("a partly collected feed is fetched in full after a restart").isNull();
    }

    @Test
    void the_checkpoint_of_a_feed_with_thousands_of_items_stays_under_the_limit_and_remembers_them_all()
            throws InterruptedException {
        server.on("/huge-list").respond(Reply.ok("application/rss+xml", feedOfItems(2_500, "Entry")));
        TestTaskContext context = Fixtures.context(
                Map.of("feeds", List.of(server.uri("/huge-list").toString()), "maxItemsPerPoll", 5_000), clock);
        try (TaskDriver driver = Fixtures.start(context)) {
            PollResult result = driver.poll();
            assertThat(mentions(result)).hasSize(2_500);
            Checkpoint checkpoint = result.records().getLast().checkpoint();
            assertThat(checkpoint.position().length()).isLessThan(Checkpoint.MAX_POSITION_LENGTH);
        }

        try (TaskDriver restarted = Fixtures.start(context.restarted())) {
            assertThat(restarted.pollMentions()).isEmpty();
        }
    }

    @Test
    void an_undated_item_keeps_the_time_it_was_first_seen_even_when_edited_later() throws InterruptedException {
        String feed = """
                <rss version="2.0"><channel><title>Notes</title><link>https://notes.example.com/</link>
                <item><title>Opening hours</title><link>https://notes.example.com/hours</link>
                <description>Open 9 to 5.</description></item>
                %s
                </channel></rss>""";
        AtomicReference<String> current = new AtomicReference<>(feed.formatted(""));
        server.on("/notes").respond(request -> Reply.ok("application/rss+xml", current.get()));
        TestTaskContext context = context("/notes");
        try (TaskDriver driver = Fixtures.start(context)) {
            assertThat(driver.pollMentions()).singleElement().extracting(Mention::publishedAt).isEqualTo(NOW);
        }

        clock.advance(Duration.ofHours(3));
        current.set(feed.formatted("<item><title>Holiday closure</title><link>https://notes.example.com/holiday</link></item>")
                .replace("Open 9 to 5.", "Open 9 to 6."));
        try (TaskDriver restarted = Fixtures.start(context.restarted())) {
            List<Mention> mentions = restarted.pollMentions();

            assertThat(titled(mentions, "Opening hours").text()).isEqualTo("Open 9 to 6.");
            assertThat(titled(mentions, "Opening hours").publishedAt()).isEqualTo(NOW);
            assertThat(titled(mentions, "Holiday closure").publishedAt()).isEqualTo(NOW.plus(Duration.ofHours(3)));
        }
    }

    private static List<Mention> mentions(PollResult result) {
        return result.records().stream().map(SourceRecord::mention).filter(Objects::nonNull).toList();
    }

    /** An RSS feed of {@code n} dated items with their own links. */
    static String feedOfItems(int n, String title) {
        StringBuilder b = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
                <title>Wire service</title><link>https://wire.example.com/</link><language>en</language>
                """);
        Instant start = Instant.parse("2026-11-01T00:00:00Z");
        for (int i = 0; i < n; i++) {
            b.append("<item><title>").append(title).append(' ').append(i).append(": markets open higher</title>")
                    .append("<link>https://wire.example.com/story/").append(i).append("?utm_source=feed</link>")
                    .append("<guid isPermaLink=\"false\">wire-").append(i).append("</guid>")
                    .append("<pubDate>").append(java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                            .format(start.plusSeconds(i * 60L).atZone(java.time.ZoneOffset.UTC))).append("</pubDate>")
                    .append("<dc:creator>Desk ").append(i % 7).append("</dc:creator>")
                    .append("<description><![CDATA[<p>Story <b>").append(i)
                    .append("</b> of the day, with <a href=\"/more\">more</a> below.</p><p>Second paragraph.</p>]]>")
                    .append("</description></item>\n");
        }
        return b.append("</channel></rss>\n").toString();
    }
}
