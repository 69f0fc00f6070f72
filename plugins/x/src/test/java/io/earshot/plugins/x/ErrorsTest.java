package io.earshot.plugins.x;

import static io.earshot.plugins.x.FakeX.TOKEN;
import static io.earshot.plugins.x.FakeX.error;
import static io.earshot.plugins.x.FakeX.limited;
import static io.earshot.plugins.x.FakeX.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.earshot.api.CredentialsRejectedException;
import io.earshot.api.FatalSourceException;
import io.earshot.api.Mention;
import io.earshot.api.PollResult;
import io.earshot.api.QuotaExceededException;
import io.earshot.api.RetriableException;
import io.earshot.plugins.testkit.ReplayServer.Reply;
import io.earshot.plugins.testkit.TaskDriver;
import io.earshot.plugins.testkit.TestTaskContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Rate limits are honoured, and each way X fails is told plainly, for the query or the source it concerns. */
class ErrorsTest {

    private final FakeX x = new FakeX();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));

    @AfterEach
    void close() {
        x.close();
    }

    private TaskDriver start(Object... settings) {
        return FakeX.start(FakeX.context(x.config(settings), clock));
    }

    @Test
    void no_request_is_made_while_the_rate_limit_is_used_up() throws InterruptedException {
        Instant reset = Instant.parse("2026-11-20T10:05:00Z");
        x.search().thenOnce(limited(ok("search-p1.json"), 60, 0, reset)).thenOnce(ok("search-p2.json"));
        TestTaskContext context = FakeX.context(x.config(), clock);
        try (TaskDriver driver = FakeX.start(context)) {
            PollResult first = driver.poll();
            assertThat(FakeX.mentions(first)).hasSize(5);
            assertThat(first.hasMore()).as("the next page must wait for the reset").isFalse();

            clock.advance(Duration.ofMinutes(1));
            assertThat(driver.poll().records()).isEmpty();
            assertThat(x.requests()).hasSize(1);
            assertThat(context.status().get("rate limit"))
                    .isEqualTo("X's rate limit is used up (60 requests per window); next request after 10:05:00 UTC");

            clock.set(reset);
            assertThat(driver.drain(3)).hasSize(2);
        }
        assertThat(x.requests()).hasSize(2);
        assertThat(context.status()).doesNotContainKey("rate limit");
    }

    @Test
    void a_429_backs_off_until_the_reset_x_gave() {
        x.search().respond(limited(error(429, "error-rate-limit.json"), 60, 0, Instant.parse("2026-11-20T10:12:30Z")));
        try (TaskDriver driver = start()) {
            assertThatThrownBy(driver::poll).isInstanceOf(RetriableException.class)
                    .isNotInstanceOf(QuotaExceededException.class)
                    .hasMessage("rate limited by X (HTTP 429); next request after 10:12:30 UTC")
                    .satisfies(e -> assertThat(((RetriableException) e).retryAfter())
                            .contains(Duration.ofMinutes(12).plusSeconds(30)));
        }
    }

    @Test
    void a_429_without_a_reset_waits_for_a_rate_limit_window() {
        x.search().respond(error(429, "error-rate-limit.json"));
        try (TaskDriver driver = start()) {
            assertThatThrownBy(driver::poll).isInstanceOfSatisfying(RetriableException.class,
                    e -> assertThat(e.retryAfter()).contains(Duration.ofMinutes(15)));
        }
    }

    @Test
    void the_usage_cap_is_a_quota_problem_not_a_rate_limit() {
        x.search().respond(error(429, "error-usage-cap.json"));
        try (TaskDriver driver = start()) {
            assertThatThrownBy(driver::poll).isInstanceOf(QuotaExceededException.class)
                    .hasMessage("X's usage cap for this app is reached (Usage cap exceeded: Monthly product cap); X "
                            + "serves no more posts until the cap resets or the plan is raised; trying again at 00:00 UTC")
                    .satisfies(e -> assertThat(((QuotaExceededException) e).retryAfter()).contains(Duration.ofHours(14)));
        }
    }

    @Test
    void a_rejected_token_is_rejected_credentials() {
        x.search().respond(error(401, "error-401.json"));
        try (TaskDriver driver = start()) {
            assertThatThrownBy(driver::poll).isInstanceOf(CredentialsRejectedException.class)
                    .hasMessage("credentials rejected by X: HTTP 401 Unauthorized: the bearer token is not valid "
                            + "(revoked or regenerated?); check the source's credentials")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));
        }
    }

    @Test
    void an_app_without_access_to_search_is_told_what_to_check() {
        x.search().respond(error(403, "error-client-not-enrolled.json"));
        try (TaskDriver driver = start()) {
            assertThatThrownBy(driver::poll).isInstanceOf(FatalSourceException.class)
                    .isNotInstanceOf(CredentialsRejectedException.class)
                    .hasMessageStartingWith("X refuses this app the recent search (HTTP 403 client-not-enrolled: This "
                            + "App's keys and tokens cannot call this endpoint")
                    .hasMessageEndingWith("the app's keys must belong to a Project whose plan includes the recent "
                            + "search: check it in the X developer portal");
        }
    }

    @Test
    void another_403_is_rejected_credentials() {
        x.search().respond(Reply.status(403, "{\"title\":\"Forbidden\",\"detail\":\"Forbidden\",\"status\":403}"));
        try (TaskDriver driver = start()) {
            assertThatThrownBy(driver::poll).isInstanceOf(CredentialsRejectedException.class)
                    .hasMessageStartingWith("credentials rejected by X: HTTP 403: Forbidden");
        }
    }

    @Test
    void an_outage_is_retried_after_the_time_x_asked() {
        x.search().respond(error(503, "error-503.json").header("Retry-After", "90"));
        try (TaskDriver driver = start()) {
            assertThatThrownBy(driver::poll).isInstanceOfSatisfying(RetriableException.class, e -> {
                assertThat(e.getMessage()).isEqualTo("X answered HTTP 503: Service Unavailable; trying again later");
                assertThat(e.retryAfter()).contains(Duration.ofSeconds(90));
            });
        }
    }

    @Test
    void a_malformed_answer_is_retried() {
        x.search().respond(Reply.ok("application/json", "{\"data\": [{\"id\": \"1\""));
        try (TaskDriver driver = start()) {
            assertThatThrownBy(driver::poll).isInstanceOf(RetriableException.class)
                    .hasMessage("X answered with malformed JSON; trying again later");
        }
    }

    @Test
    void a_query_x_refuses_is_reported_and_the_others_go_on() throws InterruptedException {
        x.search().respond(r -> r.param("query").equals("acme AND")
                ? error(400, "error-invalid-query.json") : ok("search-p2.json"));
        TestTaskContext context = FakeX.context(x.config("queries", List.of("acme AND", "acme rocket")), clock);
        List<Mention> all;
        try (TaskDriver driver = FakeX.start(context)) {
            all = driver.drain(3);
            clock.advance(Duration.ofMinutes(10));
            driver.drain(3);
        }

        assertThat(all).hasSize(2);
        assertThat(context.failedPartitions()).containsOnlyKeys("query:acme AND");
        assertThat(context.failedPartitions().get("query:acme AND")).isEqualTo("X refused the query: There were errors "
                + "processing your request: Ambiguous use of and as a keyword (at position 6)");
        assertThat(x.requests()).filteredOn(r -> r.param("query").equals("acme AND"))
                .as("not asked again before the user had time to fix it").hasSize(1);
    }

    @Test
    void posts_read_before_a_failure_are_handed_over_first() throws InterruptedException {
        x.search().respond(r -> r.param("query").equals("second") ? error(401, "error-401.json") : ok("search-p2.json"));
        TestTaskContext context = FakeX.context(x.config("queries", List.of("first", "second")), clock);
        try (TaskDriver driver = FakeX.start(context)) {
            PollResult result = driver.poll();
            assertThat(FakeX.mentions(result)).hasSize(2);
            assertThat(result.hasMore()).isTrue();
            assertThatThrownBy(driver::poll).isInstanceOf(CredentialsRejectedException.class);
        }
        assertThat(context.checkpoint("query:first")).isPresent();
    }

    @Test
    void queries_take_turns_so_that_none_starves_under_the_rate_limit() throws InterruptedException {
        x.search().respond(r -> limited(ok("search-empty.json"), 60, 0, clock.instant().plusSeconds(60)));
        try (TaskDriver driver = start("queries", List.of("alpha", "beta", "gamma"))) {
            for (int i = 0; i < 3; i++) {
                driver.poll();
                clock.advance(Duration.ofSeconds(61));
            }
        }

        assertThat(x.requests()).extracting(r -> r.param("query")).containsExactly("alpha", "beta", "gamma");
    }

    @Test
    void the_token_never_appears_in_what_the_user_sees() {
        x.search().respond(Reply.status(500, "{\"title\":\"Internal Error\",\"detail\":\"bad token " + TOKEN + "\"}"));
        try (TaskDriver driver = start()) {
            assertThatThrownBy(driver::poll).isInstanceOf(RetriableException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN).contains("********"));
        }
    }
}
