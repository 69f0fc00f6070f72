package io.earshot.plugins.youtube;

import static io.earshot.plugins.youtube.FakeYouTube.ACME;
import static io.earshot.plugins.youtube.FakeYouTube.error;
import static io.earshot.plugins.youtube.FakeYouTube.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.earshot.api.Checkpoint;
import io.earshot.api.CredentialsRejectedException;
import io.earshot.api.PollResult;
import io.earshot.api.QuotaExceededException;
import io.earshot.plugins.testkit.TaskDriver;
import io.earshot.plugins.testkit.TestTaskContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every call is counted in quota units; the day's total survives restarts, resets at midnight
 * Pacific time, and no call is made that would pass the daily quota minus the reserve.
 */
class QuotaTest {

    private final FakeYouTube youtube = new FakeYouTube();
    /** 02:00 in California: the quota resets at 08:00 UTC (midnight PST). */
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));

    @AfterEach
    void close() {
        youtube.close();
    }

    private TestTaskContext context(Object... settings) {
        return FakeYouTube.context(youtube.config(settings), clock);
    }

    private static Checkpoint used(String day, int units) {
        return new Checkpoint("quota", "{\"v\":1,\"day\":\"" + day + "\",\"used\":" + units + "}");
    }

    @Test
    void each_call_is_counted_at_its_price_and_shown() throws InterruptedException {
        youtube.search().thenOnce(ok("search-p1.json")).thenOnce(ok("search-p2.json"));
        TestTaskContext context = context("queries", List.of("acme rocket"), "commentsOnFoundVideos", false);
        try (TaskDriver driver = FakeYouTube.start(context)) {
            driver.drain(5);
        }

        // 2 searches (100 each), 2 videos.list and 2 channels.list (1 each)
        assertThat(context.status().get("quota"))
                .isEqualTo("204 of 10,000 units used today (500 kept in reserve); resets at 08:00 UTC "
                        + "(midnight Pacific time)");
        assertThat(context.checkpoint("quota")).hasValueSatisfying(cp ->
                assertThat(cp.position()).isEqualTo("{\"v\":1,\"day\":\"2026-11-20\",\"used\":204}"));
    }

    @Test
    void the_days_total_survives_a_restart() throws InterruptedException {
        youtube.search().thenOnce(ok("search-p1.json")).thenOnce(ok("search-p2.json"));
        TestTaskContext context = context("queries", List.of("acme rocket"), "commentsOnFoundVideos", false);
        try (TaskDriver driver = FakeYouTube.start(context)) {
            driver.drain(5);
        }

        TestTaskContext restarted = context.restarted();
        try (TaskDriver driver = FakeYouTube.start(restarted)) {
            assertThat(restarted.status().get("quota")).startsWith("204 of 10,000 units used today");
        }
    }

    @Test
    void no_search_is_made_that_would_pass_the_limit_and_the_source_waits_for_the_reset() throws InterruptedException {
        youtube.search().respond(ok("search-empty.json"));
        TestTaskContext context = context("queries", List.of("acme rocket"));
        context.commit(used("2026-11-20", 9_450));
        try (TaskDriver driver = FakeYouTube.start(context)) {
            assertThatThrownBy(driver::poll)
                    .isInstanceOfSatisfying(QuotaExceededException.class, e -> {
                        assertThat(e.getMessage()).isEqualTo("daily YouTube quota reached: 9,450 of 10,000 units "
                                + "used today (500 kept in reserve); collecting resumes at 08:00 UTC (midnight "
                                + "Pacific time)");
                        assertThat(e.retryAfter()).contains(Duration.ofHours(22));
                    });
        }
        assertThat(youtube.requests("search")).isEmpty();
    }

    @Test
    void comments_are_still_read_when_only_searches_no_longer_fit() throws InterruptedException {
        youtube.search().respond(ok("search-empty.json"));
        youtube.threads().respond(ok("threads-empty.json"));
        TestTaskContext context = context("queries", List.of("acme rocket"), "channels", List.of(ACME));
        context.commit(used("2026-11-20", 9_450));
        try (TaskDriver driver = FakeYouTube.start(context)) {
            PollResult result = driver.poll();
            assertThat(result.records()).isNotEmpty();
            clock.advance(Duration.ofSeconds(10));
            assertThat(driver.poll().records()).as("no comments due yet, and no exception either").isEmpty();
            clock.advance(Duration.ofMinutes(1));
            driver.poll();
        }

        assertThat(youtube.requests("search")).isEmpty();
        assertThat(youtube.requests("commentThreads")).hasSize(2);
        assertThat(context.status().get("quota")).isEqualTo("9,452 of 10,000 units used today (500 kept in reserve); "
                + "resets at 08:00 UTC (midnight Pacific time); searches wait for the reset");
    }

    @Test
    void the_quota_resets_at_midnight_pacific_time() throws InterruptedException {
        youtube.search().respond(ok("search-empty.json"));
        TestTaskContext context = context("queries", List.of("acme rocket"));
        context.commit(used("2026-11-20", 9_450));
        try (TaskDriver driver = FakeYouTube.start(context)) {
            assertThatThrownBy(driver::poll).isInstanceOf(QuotaExceededException.class);
            clock.set(Instant.parse("2026-11-21T08:00:00Z"));
            driver.poll();
        }

        assertThat(youtube.requests("search")).hasSize(1);
        assertThat(context.status().get("quota")).isEqualTo("100 of 10,000 units used today (500 kept in reserve); "
                + "resets at 08:00 UTC (midnight Pacific time)");
        assertThat(context.checkpoint("quota").orElseThrow().position()).contains("\"day\":\"2026-11-21\"");
    }

    @Test
    void in_summer_the_reset_is_at_07_00_utc() throws InterruptedException {
        clock.set(Instant.parse("2026-07-01T12:00:00Z"));
        youtube.search().respond(ok("search-empty.json"));
        TestTaskContext context = context("queries", List.of("acme rocket"), "quotaReserve", 0);
        try (TaskDriver driver = FakeYouTube.start(context)) {
            driver.poll();
        }

        assertThat(context.status().get("quota"))
                .isEqualTo("100 of 10,000 units used today; resets at 07:00 UTC (midnight Pacific time)");
    }

    @Test
    void youtube_saying_the_quota_is_used_up_stops_collecting_until_the_reset_and_is_no_credentials_problem()
            throws InterruptedException {
        youtube.search().respond(error(403, "error-quota.json"));
        TestTaskContext context = context("queries", List.of("acme rocket"));
        try (TaskDriver driver = FakeYouTube.start(context)) {
            assertThatThrownBy(driver::poll)
                    .isInstanceOf(QuotaExceededException.class)
                    .isNotInstanceOf(CredentialsRejectedException.class)
                    .hasMessage("YouTube says the daily quota of the API key's project is used up (other sources or "
                            + "applications using the same project count too); collecting resumes at 08:00 UTC "
                            + "(midnight Pacific time)")
                    .satisfies(e -> assertThat(((QuotaExceededException) e).retryAfter()).contains(Duration.ofHours(22)));
            clock.advance(Duration.ofHours(1));
            assertThatThrownBy(driver::poll).isInstanceOf(QuotaExceededException.class);
        }

        assertThat(youtube.requests("search")).as("nothing more is asked before the reset").hasSize(1);
        assertThat(context.status().get("quota")).startsWith("10,000 of 10,000 units used today");
    }
}
