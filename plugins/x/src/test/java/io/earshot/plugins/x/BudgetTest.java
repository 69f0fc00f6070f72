package io.earshot.plugins.x;

import static io.earshot.plugins.x.FakeX.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.earshot.api.Checkpoint;
import io.earshot.api.Mention;
import io.earshot.api.PollResult;
import io.earshot.api.QuotaExceededException;
import io.earshot.plugins.testkit.TaskDriver;
import io.earshot.plugins.testkit.TestTaskContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every post read counts against the daily budget, which survives restarts and stops reading when spent. */
class BudgetTest {

    private final FakeX x = new FakeX();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));

    @AfterEach
    void close() {
        x.close();
    }

    private static Checkpoint read(String day, int posts) {
        return new Checkpoint("budget", "{\"v\":1,\"day\":\"" + day + "\",\"read\":" + posts + "}");
    }

    @Test
    void posts_read_are_counted_with_the_posts_x_includes_and_shown() throws InterruptedException {
        x.search().thenOnce(ok("search-p1.json")).thenOnce(ok("search-p2.json"));
        TestTaskContext context = FakeX.context(x.config(), clock);
        try (TaskDriver driver = FakeX.start(context)) {
            driver.drain(5);
        }

        // 5 + 2 posts on the pages, and the 2 posts X included because they were quoted, reposted or replied to
        assertThat(context.status().get("quota")).isEqualTo("9 of 1,000 posts read today; resets at 00:00 UTC");
        assertThat(context.checkpoint("budget").orElseThrow().position())
                .isEqualTo("{\"v\":1,\"day\":\"2026-11-20\",\"read\":9}");
    }

    @Test
    void the_count_survives_a_restart() throws InterruptedException {
        x.search().thenOnce(ok("search-p1.json")).thenOnce(ok("search-p2.json"));
        TestTaskContext context = FakeX.context(x.config(), clock);
        try (TaskDriver driver = FakeX.start(context)) {
            driver.drain(5);
        }
        TestTaskContext restarted = context.restarted();
        try (TaskDriver driver = FakeX.start(restarted)) {
            assertThat(restarted.status().get("quota")).startsWith("9 of 1,000 posts read today");
        }
    }

    @Test
    void a_page_never_asks_for_more_posts_than_the_budget_has_left() throws InterruptedException {
        x.search().respond(ok("search-empty.json"));
        TestTaskContext context = FakeX.context(x.config("maxPostsPerDay", 500), clock);
        context.commit(read("2026-11-20", 463));
        try (TaskDriver driver = FakeX.start(context)) {
            driver.poll();
        }

        assertThat(x.requests().getFirst().param("max_results")).isEqualTo("37");
    }

    @Test
    void a_spent_budget_stops_reading_until_midnight_utc() throws InterruptedException {
        x.search().respond(ok("search-empty.json"));
        TestTaskContext context = FakeX.context(x.config("maxPostsPerDay", 500), clock);
        context.commit(read("2026-11-20", 495));
        try (TaskDriver driver = FakeX.start(context)) {
            assertThatThrownBy(driver::poll).isInstanceOfSatisfying(QuotaExceededException.class, e -> {
                assertThat(e.getMessage()).isEqualTo("daily read budget reached: 495 of 500 posts read today (X bills "
                        + "every post read); collecting resumes at 00:00 UTC");
                assertThat(e.retryAfter()).contains(Duration.ofHours(14));
            });
        }
        assertThat(x.requests()).as("fewer than X's smallest page (10) left: nothing asked").isEmpty();
        assertThat(context.status().get("quota"))
                .isEqualTo("495 of 500 posts read today; resets at 00:00 UTC; the budget is spent, reading resumes then");
    }

    @Test
    void reading_goes_on_the_next_day_where_the_budget_stopped_it() throws InterruptedException {
        x.search().thenOnce(ok("search-p1.json")).thenOnce(ok("search-p2.json"));
        TestTaskContext context = FakeX.context(x.config("maxPostsPerDay", 15), clock);
        List<Mention> first;
        List<Mention> nextDay;
        try (TaskDriver driver = FakeX.start(context)) {
            PollResult result = driver.poll();
            first = FakeX.mentions(result);
            assertThat(result.hasMore()).as("8 posts left: less than a page").isFalse();
            assertThatThrownBy(driver::poll).isInstanceOf(QuotaExceededException.class);

            clock.set(Instant.parse("2026-11-21T00:00:00Z"));
            nextDay = driver.drain(5);
        }

        assertThat(x.requests()).extracting(r -> r.param("max_results")).containsExactly("15", "15");
        assertThat(x.requests().get(1).param("next_token")).isEqualTo("b26v89c19zqg8o3fpds6r3kn0pyuo2mws3d2o8yq2bpdp");
        assertThat(first).hasSize(5);
        assertThat(nextDay).hasSize(2);
        assertThat(context.status().get("quota")).isEqualTo("2 of 15 posts read today; resets at 00:00 UTC");
    }
}
