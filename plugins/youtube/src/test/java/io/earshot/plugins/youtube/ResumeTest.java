package io.earshot.plugins.youtube;

import static io.earshot.plugins.youtube.FakeYouTube.ACME;
import static io.earshot.plugins.youtube.FakeYouTube.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.api.Mention;
import io.earshot.plugins.testkit.TaskDriver;
import io.earshot.plugins.testkit.TestTaskContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A restarted task resumes from the committed checkpoints: nothing is missed and nothing collected twice. */
class ResumeTest {

    private final FakeYouTube youtube = new FakeYouTube();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));

    @AfterEach
    void close() {
        youtube.close();
    }

    private TestTaskContext searchContext() {
        return FakeYouTube.context(youtube.config("queries", List.of("acme rocket"), "commentsOnFoundVideos", false),
                clock);
    }

    @Test
    void a_restart_between_two_pages_of_a_search_goes_on_with_the_next_page() throws InterruptedException {
        youtube.search().thenOnce(ok("search-p1.json")).thenOnce(ok("search-p2.json"));
        TestTaskContext context = searchContext();
        List<Mention> all = new ArrayList<>();
        try (TaskDriver driver = FakeYouTube.start(context)) {
            all.addAll(driver.pollMentions());
        }
        clock.advance(Duration.ofMinutes(3));
        try (TaskDriver driver = FakeYouTube.start(context.restarted())) {
            all.addAll(driver.drain(5));
        }

        assertThat(all).extracting(Mention::nativeId).containsExactly("aR7kPq2xW9c", "Zb3_mN8vQ1s", "Yt5-hG4kL0e",
                "Pq9wE2rT6yU", "Dd0deletedX");
        assertThat(youtube.requests("search")).hasSize(2);
        assertThat(youtube.requests("search").get(1).param("pageToken")).isEqualTo("CDIQAA");
        assertThat(youtube.requests("search").get(1).param("publishedAfter")).isEqualTo("2026-11-19T10:00:00Z");
    }

    @Test
    void what_was_read_but_never_stored_is_read_again_after_a_crash() throws InterruptedException {
        youtube.search().thenOnce(ok("search-p1.json")).thenOnce(ok("search-p1.json")).thenOnce(ok("search-p2.json"));
        TestTaskContext context = searchContext();
        List<Mention> lost;
        try (TaskDriver driver = FakeYouTube.start(context)) {
            // polled, but the server died before Elasticsearch acknowledged: nothing committed
            lost = SearchTest.mentions(driver.task().poll());
        }
        List<Mention> again;
        try (TaskDriver driver = FakeYouTube.start(context.restarted())) {
            again = driver.drain(5);
        }

        assertThat(lost).hasSize(3);
        assertThat(again).extracting(Mention::id).containsExactly("youtube:aR7kPq2xW9c", "youtube:Zb3_mN8vQ1s",
                "youtube:Yt5-hG4kL0e", "youtube:Pq9wE2rT6yU", "youtube:Dd0deletedX");
    }

    @Test
    void after_a_restart_the_next_search_skips_what_was_collected_before() throws InterruptedException {
        youtube.search().thenOnce(ok("search-p1.json")).thenOnce(ok("search-p2.json")).thenOnce(ok("search-p1.json"));
        TestTaskContext context = searchContext();
        try (TaskDriver driver = FakeYouTube.start(context)) {
            driver.drain(5);
        }
        clock.advance(Duration.ofMinutes(20));
        List<Mention> after;
        try (TaskDriver driver = FakeYouTube.start(context.restarted())) {
            after = driver.drain(5);
        }

        assertThat(after).isEmpty();
        assertThat(youtube.requests("search")).hasSize(3);
        assertThat(youtube.requests("search").get(2).param("publishedAfter")).isEqualTo("2026-11-20T09:00:00Z");
    }

    @Test
    void a_restart_does_not_search_again_before_the_pacing_allows() throws InterruptedException {
        youtube.search().respond(ok("search-empty.json"));
        TestTaskContext context = searchContext();
        try (TaskDriver driver = FakeYouTube.start(context)) {
            driver.drain(5);
        }
        clock.advance(Duration.ofMinutes(5));
        try (TaskDriver driver = FakeYouTube.start(context.restarted())) {
            driver.drain(5);
        }

        assertThat(youtube.requests("search")).hasSize(1);
    }

    @Test
    void a_restart_in_the_middle_of_a_channels_comments_goes_on_with_the_next_page() throws InterruptedException {
        youtube.threads().thenOnce(ok("threads-channel-p1.json")).thenOnce(ok("threads-channel-p2.json"))
                .thenOnce(ok("threads-channel-later.json"));
        TestTaskContext context = FakeYouTube.context(youtube.config("channels", List.of(ACME)), clock);
        List<Mention> all = new ArrayList<>();
        try (TaskDriver driver = FakeYouTube.start(context)) {
            all.addAll(driver.pollMentions());
        }
        TestTaskContext second = context.restarted();
        try (TaskDriver driver = FakeYouTube.start(second)) {
            all.addAll(driver.drain(5));
        }
        clock.advance(Duration.ofMinutes(30));
        try (TaskDriver driver = FakeYouTube.start(second.restarted())) {
            all.addAll(driver.drain(5));
        }

        assertThat(all).extracting(Mention::nativeId).doesNotHaveDuplicates().containsExactly(
                "UgzQ1aaaaaaaaaaaaaaaaaaa", "UgzQ1aaaaaaaaaaaaaaaaaaa.9xR1bbbbbbb", "UgzQ1aaaaaaaaaaaaaaaaaaa.9xR2ccccccc",
                "UgyQ2ddddddddddddddddddd", "UgxQ3eeeeeeeeeeeeeeeeeee", "UgwQ5ggggggggggggggggggg",
                "UgvQ6hhhhhhhhhhhhhhhhhhh");
        assertThat(youtube.requests("commentThreads")).extracting(r -> r.param("pageToken"))
                .containsExactly(null, "QURTSl9p", null);
    }
}
