package io.earshot.plugins.mastodon;

import static io.earshot.plugins.mastodon.Fixtures.mentions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.earshot.api.CredentialsRejectedException;
import io.earshot.api.Mention;
import io.earshot.api.PollResult;
import io.earshot.plugins.testkit.ReplayServer;
import io.earshot.plugins.testkit.ReplayServer.RecordedRequest;
import io.earshot.plugins.testkit.ReplayServer.Reply;
import io.earshot.plugins.testkit.TaskDriver;
import io.earshot.plugins.testkit.TestTaskContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Polling timelines over the REST API: backfill, paging forward with min_id and Link headers,
 * restarts without gaps or duplicates, one mention per status across instances, and careful
 * handling of rate limits and errors per instance.
 */
class TimelinePollingTest {

    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private static final String TAG_PATH = "/api/v1/timelines/tag/opensource";

    private final MutableClock clock = new MutableClock(NOW);
    private ReplayServer server;
    private ReplayServer other;
    private FakeTimeline timeline;

    @BeforeEach
    void start() {
        server = ReplayServer.start();
        other = ReplayServer.start();
        timeline = new FakeTimeline(TAG_PATH);
        server.on(TAG_PATH).respond(timeline);
    }

    @AfterEach
    void stop() {
        server.close();
        other.close();
    }

    private String instance(ReplayServer s) {
        return s.uri("").toString();
    }

    private TestTaskContext context(Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(Map.of("instances", List.of(instance(server)), "hashtags", "opensource"));
        config.putAll(extra);
        return Fixtures.context(config, clock);
    }

    private static List<Mention> drain(TaskDriver driver) throws InterruptedException {
        return driver.drain(50);
    }

    @Test
    void the_first_poll_collects_the_backfill_and_later_polls_ask_only_for_what_is_new() throws Exception {
        timeline.addAll(Fixtures.text("tag-opensource.json"));
        try (TaskDriver driver = Fixtures.start(context(Map.of()))) {
            PollResult first = driver.poll();
            assertThat(mentions(first)).hasSize(5);
            assertThat(first.hasMore()).isFalse();

            clock.advance(Duration.ofMinutes(2));
            timeline.add(Statuses.local(NOW.plusSeconds(60), 1, "Release notes translated to Polish").toString());
            assertThat(driver.pollMentions()).extracting(Mention::text).containsExactly("Release notes translated to Polish");
            assertThat(driver.pollMentions()).isEmpty();
        }
        List<RecordedRequest> requests = server.requests(TAG_PATH);
        assertThat(requests.get(0).param("min_id")).isNull();
        assertThat(requests.get(1).param("min_id")).isEqualTo("116204760080252933");
        assertThat(requests.get(1).param("limit")).isEqualTo("40");
        assertThat(requests.get(2).param("min_id")).isEqualTo(Statuses.id(NOW.plusSeconds(60), 1));
    }

    @Test
    void a_backfill_longer_than_a_page_is_read_forward_in_bounded_batches_and_survives_a_restart() throws Exception {
        for (int i = 0; i < 100; i++) {
            timeline.add(Statuses.local(NOW.minus(Duration.ofMinutes(50)).plusSeconds(30L * i), 0, "post " + i).toString());
        }
        timeline.add(Statuses.local(NOW.minus(Duration.ofHours(2)), 0, "too old").toString());
        TestTaskContext context = context(Map.of("maxItemsPerPoll", 40));
        List<Mention> firstRun;
        try (TaskDriver driver = Fixtures.start(context)) {
            PollResult first = driver.poll();
            assertThat(first.hasMore()).isTrue();
            firstRun = mentions(first);
        }
        assertThat(firstRun).extracting(Mention::text).first().isEqualTo("post 0");

        List<Mention> secondRun;
        try (TaskDriver restarted = Fixtures.start(context.restarted())) {
            secondRun = drain(restarted);
        }
        List<Mention> all = new ArrayList<>(firstRun);
        all.addAll(secondRun);
        assertThat(all).extracting(Mention::text)
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 100).mapToObj(i -> "post " + i).toList());
        assertThat(server.requests(TAG_PATH).getFirst().param("min_id")).isNull();
        assertThat(server.requests(TAG_PATH).get(1).param("min_id")).isEqualTo(Statuses.id(NOW.minus(Duration.ofHours(1)), 0));
    }

    @Test
    void a_restart_goes_back_a_little_for_late_federated_statuses_without_repeating_what_was_stored() throws Exception {
        for (int i = 0; i < 6; i++) {
            timeline.add(Statuses.local(NOW.minusSeconds(50 - 10L * i), 0, "early " + i).toString());
        }
        TestTaskContext context = context(Map.of());
        try (TaskDriver driver = Fixtures.start(context)) {
            assertThat(driver.pollMentions()).hasSize(6);
        }
        // a remote status published 30 s before the newest one arrives only now, with an older id
        Instant published = NOW.minusSeconds(30);
        timeline.add(Statuses.status(Statuses.id(published, 77), published,
                "https://remote.example/users/bob/statuses/1", "arrived late").toString());
        clock.advance(Duration.ofMinutes(1));

        try (TaskDriver restarted = Fixtures.start(context.restarted())) {
            assertThat(restarted.pollMentions()).extracting(Mention::text).containsExactly("arrived late");
            assertThat(restarted.pollMentions()).isEmpty();
        }
        String checkpointId = Statuses.id(NOW.minusSeconds(0), 0);
        assertThat(server.requests(TAG_PATH).get(1).param("min_id"))
                .as("the first read after the restart goes back two minutes")
                .isEqualTo(Statuses.id(NOW.minusSeconds(0).minus(Duration.ofMinutes(2)), 0))
                .isNotEqualTo(checkpointId);
    }

    @Test
    void the_same_status_on_two_instances_is_one_mention() throws Exception {
        String uri = "https://mastodon.example/users/anna/statuses/555";
        Instant at = NOW.minusSeconds(100);
        timeline.add(Statuses.status("116204000000000001", at, uri, "Shared everywhere").toString());
        FakeTimeline elsewhere = new FakeTimeline(TAG_PATH).add(Statuses.status("9001", at, uri, "Shared everywhere").toString());
        other.on(TAG_PATH).respond(elsewhere);
        TestTaskContext context = context(Map.of("instances", List.of(instance(server), instance(other))));

        try (TaskDriver driver = Fixtures.start(context)) {
            List<Mention> collected = driver.pollMentions();
            assertThat(collected).singleElement().extracting(Mention::text).isEqualTo("Shared everywhere");
        }
        assertThat(context.checkpoints()).containsOnlyKeys(instance(server) + " #opensource", instance(other) + " #opensource");
    }

    @Test
    void an_instance_that_answers_429_waits_for_the_time_it_asked_while_the_others_go_on() throws Exception {
        server.on(TAG_PATH).thenOnce(Reply.tooManyRequests(120));
        other.on(TAG_PATH).respond(new FakeTimeline(TAG_PATH).add(Statuses.local(NOW.minusSeconds(10), 0, "from the other").toString()));
        timeline.add(Statuses.local(NOW.minusSeconds(20), 0, "from the first").toString());
        TestTaskContext context = context(Map.of("instances", List.of(instance(server), instance(other))));
        String limited = instance(server) + " #opensource";

        try (TaskDriver driver = Fixtures.start(context)) {
            assertThat(driver.pollMentions()).extracting(Mention::text).containsExactly("from the other");
            assertThat(context.waitingPartitions()).containsOnlyKeys(limited);
            assertThat(context.waitingPartitions().get(limited).until()).isEqualTo(NOW.plusSeconds(120));
            assertThat(context.waitingPartitions().get(limited).message()).contains("rate limited", "HTTP 429");

            clock.advance(Duration.ofSeconds(60));
            driver.poll();
            assertThat(server.requests(TAG_PATH)).hasSize(1);

            clock.advance(Duration.ofSeconds(61));
            assertThat(driver.pollMentions()).extracting(Mention::text).containsExactly("from the first");
            assertThat(context.waitingPartitions()).isEmpty();
        }
    }

    @Test
    void an_instance_close_to_its_rate_limit_is_left_alone_until_the_window_resets() throws Exception {
        timeline.add(Statuses.local(NOW.minusSeconds(20), 0, "one").toString())
                .header("X-RateLimit-Limit", "300").header("X-RateLimit-Remaining", "4")
                .header("X-RateLimit-Reset", "2026-03-10T12:05:00.000Z");
        TestTaskContext context = context(Map.of());

        try (TaskDriver driver = Fixtures.start(context)) {
            assertThat(driver.pollMentions()).hasSize(1);
            assertThat(context.status().get(MastodonSourceTask.STATUS_QUOTA))
                    .isEqualTo(instance(server).substring(7) + ": 4 of 300 requests left until 12:05 UTC");

            clock.advance(Duration.ofMinutes(2));
            driver.poll();
            assertThat(server.requests(TAG_PATH)).hasSize(1);
            assertThat(context.waitingPartitions()).containsKey(instance(server) + " #opensource");

            clock.advance(Duration.ofMinutes(4));
            timeline.header("X-RateLimit-Remaining", "299").header("X-RateLimit-Reset", "2026-03-10T12:10:00.000Z");
            driver.poll();
            assertThat(server.requests(TAG_PATH)).hasSize(2);
            assertThat(context.waitingPartitions()).isEmpty();
        }
    }

    @Test
    void a_server_error_makes_one_timeline_wait_briefly_and_the_next_poll_after_it_reads_again() throws Exception {
        server.on(TAG_PATH).thenOnce(Reply.status(502, "<html>Bad gateway</html>"));
        timeline.add(Statuses.local(NOW.minusSeconds(20), 0, "after the outage").toString());
        TestTaskContext context = context(Map.of());
        try (TaskDriver driver = Fixtures.start(context)) {
            assertThat(driver.pollMentions()).isEmpty();
            assertThat(context.waitingPartitions().values()).singleElement()
                    .satisfies(w -> assertThat(w.message()).contains("HTTP 502"));

            clock.advance(Duration.ofMinutes(2));
            assertThat(driver.pollMentions()).extracting(Mention::text).containsExactly("after the outage");
            assertThat(context.waitingPartitions()).isEmpty();
        }
    }

    @Test
    void a_refused_token_fails_the_source_plainly_and_is_only_ever_sent_to_its_own_instance() throws Exception {
        other.on(TAG_PATH).respond(Reply.status(401, "{\"error\":\"The access token is invalid\"}")
                .header("Content-Type", "application/json"));
        TestTaskContext context = context(Map.of("instances", List.of(instance(server), instance(other)),
                "accessToken", "tok-SECRET-123", "tokenInstance", instance(other)));

        try (TaskDriver driver = Fixtures.start(context)) {
            assertThatThrownBy(driver::poll)
                    .isInstanceOf(CredentialsRejectedException.class)
                    .hasMessageStartingWith("credentials rejected by Mastodon")
                    .hasMessageContaining("The access token is invalid")
                    .hasMessageNotContaining("tok-SECRET-123");
        }
        assertThat(other.requests(TAG_PATH).getFirst().header("Authorization")).isEqualTo("Bearer tok-SECRET-123");
        assertThat(server.requests(TAG_PATH).getFirst().header("Authorization")).isNull();
    }

    @Test
    void an_instance_that_shows_its_timelines_only_to_signed_in_users_says_so_for_that_timeline() throws Exception {
        server.on(TAG_PATH).respond(Reply.status(401, "{\"error\":\"This API requires an authenticated user\"}")
                .header("Content-Type", "application/json"));
        TestTaskContext context = context(Map.of());
        try (TaskDriver driver = Fixtures.start(context)) {
            assertThat(driver.pollMentions()).isEmpty();
        }
        assertThat(context.failedPartitions().get(instance(server) + " #opensource"))
                .contains("only to signed-in users", "set an access token");
    }

    @Test
    void a_hashtag_nobody_used_yet_is_not_a_failure_but_an_address_that_is_no_mastodon_is() throws Exception {
        server.on(TAG_PATH).respond(Reply.status(404, "{\"error\":\"Record not found\"}").header("Content-Type", "application/json"));
        other.on(TAG_PATH).respond(Reply.status(404, "<html>Not here</html>").header("Content-Type", "text/html"));
        TestTaskContext context = context(Map.of("instances", List.of(instance(server), instance(other))));
        try (TaskDriver driver = Fixtures.start(context)) {
            assertThat(driver.pollMentions()).isEmpty();
        }
        assertThat(context.failedPartitions()).containsOnlyKeys(instance(other) + " #opensource");
        assertThat(context.failedPartitions().get(instance(other) + " #opensource")).contains("a Mastodon instance?");
    }

    @Test
    void an_unreadable_answer_fails_the_timeline_and_a_malformed_status_is_skipped_alone() throws Exception {
        other.on(TAG_PATH).respond(Reply.ok("application/json", "[{\"id\":\"1\",\"content\":"));
        timeline.add("{\"id\":\"116204700000000000\",\"created_at\":\"2026-03-10T11:59:00Z\",\"content\":\"<p>no uri</p>\"}");
        timeline.add(Statuses.local(NOW.minusSeconds(30), 0, "fine").toString());
        TestTaskContext context = context(Map.of("instances", List.of(instance(server), instance(other))));
        try (TaskDriver driver = Fixtures.start(context)) {
            assertThat(driver.pollMentions()).extracting(Mention::text).containsExactly("fine");
        }
        assertThat(context.failedPartitions()).containsOnlyKeys(instance(other) + " #opensource");
        assertThat(context.failedPartitions().get(instance(other) + " #opensource")).contains("not JSON");
    }

    @Test
    void boosts_can_be_skipped() throws Exception {
        timeline.addAll(Fixtures.text("tag-opensource.json"));
        try (TaskDriver driver = Fixtures.start(context(Map.of("reblogs", "skip")))) {
            assertThat(driver.pollMentions()).hasSize(4).extracting(Mention::lang).doesNotContain("pl");
        }
    }

    @Test
    void without_backfill_the_first_poll_only_marks_the_start_and_what_comes_later_is_collected() throws Exception {
        timeline.addAll(Fixtures.text("tag-opensource.json"));
        TestTaskContext context = context(Map.of("backfill", "0s"));
        try (TaskDriver driver = Fixtures.start(context)) {
            PollResult first = driver.poll();
            assertThat(mentions(first)).isEmpty();
            assertThat(first.records()).isNotEmpty();

            timeline.add(Statuses.local(NOW.plusSeconds(5), 0, "brand new").toString());
            clock.advance(Duration.ofMinutes(2));
            assertThat(driver.pollMentions()).extracting(Mention::text).containsExactly("brand new");
        }
    }

    @Test
    void the_local_and_federated_public_timelines_are_read_with_their_own_parameters() throws Exception {
        FakeTimeline publicTimeline = new FakeTimeline("/api/v1/timelines/public")
                .add(Statuses.local(NOW.minusSeconds(5), 0, "hello local").toString());
        server.on("/api/v1/timelines/public").respond(publicTimeline);
        TestTaskContext context = Fixtures.context(Map.of("instances", List.of(instance(server)), "publicTimeline", "local"), clock);
        try (TaskDriver driver = Fixtures.start(context)) {
            assertThat(driver.pollMentions()).extracting(Mention::text).containsExactly("hello local");
        }
        assertThat(server.requests("/api/v1/timelines/public").getFirst().param("local")).isEqualTo("true");
        assertThat(context.checkpoints()).containsOnlyKeys(instance(server) + " public:local");
    }

    @Test
    void a_long_backlog_is_read_in_a_burst_of_thirty_requests_then_at_one_request_a_second() throws Exception {
        for (int i = 0; i < 2_400; i++) {
            timeline.add(Statuses.local(NOW.minus(Duration.ofMinutes(50)).plusMillis(1_000L * i), 0, "post " + i).toString());
        }
        TestTaskContext context = context(Map.of("maxItemsPerPoll", 10_000));
        try (TaskDriver driver = Fixtures.start(context)) {
            assertThat(driver.poll().hasMore()).isTrue();
            assertThat(driver.poll().hasMore()).isTrue();
            assertThat(server.requests(TAG_PATH)).hasSize(RateLimits.BURST);

            PollResult paced = driver.poll();
            assertThat(paced.records()).isEmpty();
            assertThat(paced.hasMore()).isTrue();
            assertThat(server.requests(TAG_PATH)).hasSize(RateLimits.BURST);

            clock.advance(Duration.ofSeconds(10));
            driver.poll();
            assertThat(server.requests(TAG_PATH)).hasSize(RateLimits.BURST + 10);
        }
    }
}
