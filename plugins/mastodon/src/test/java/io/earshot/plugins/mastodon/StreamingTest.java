package io.earshot.plugins.mastodon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.earshot.api.Mention;
import io.earshot.api.PollResult;
import io.earshot.plugins.testkit.ReplayServer;
import io.earshot.plugins.testkit.ReplayServer.RecordedRequest;
import io.earshot.plugins.testkit.ReplayServer.Reply;
import io.earshot.plugins.testkit.SseServer;
import io.earshot.plugins.testkit.SseServer.EventStream;
import io.earshot.plugins.testkit.StatusReply;
import io.earshot.plugins.testkit.TaskDriver;
import io.earshot.plugins.testkit.TestTaskContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Live streaming over server-sent events: statuses arrive as they are posted, a broken or silent
 * stream is reconnected and the gap read over REST (nothing lost, nothing twice), edits and
 * deletions are handled, a refused stream falls back to polling, and stop() ends it promptly.
 */
class StreamingTest {

    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private static final String TAG_PATH = "/api/v1/timelines/tag/opensource";
    private static final String STREAM_PATH = "/api/v1/streaming/hashtag";

    private final MutableClock clock = new MutableClock(NOW);
    private ReplayServer rest;
    private SseServer streaming;
    private FakeTimeline timeline;

    @BeforeEach
    void start() {
        rest = ReplayServer.start();
        streaming = SseServer.start();
        timeline = new FakeTimeline(TAG_PATH);
        rest.on(TAG_PATH).respond(timeline);
        // like instances with a separate streaming host, the instance redirects its streaming path
        rest.on(STREAM_PATH).respond(r -> Reply.redirect(302, streaming.uri(STREAM_PATH + "?" + r.query()).toString()));
    }

    @AfterEach
    void stop() {
        rest.close();
        streaming.close();
    }

    private TestTaskContext context(Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(Map.of("instances", List.of(rest.uri("").toString()),
                "hashtags", "OpenSource", "streaming", true));
        config.putAll(extra);
        return Fixtures.context(config, clock);
    }

    /** Polls (each poll waits up to a second for events) until the mentions collected satisfy the condition. */
    private static List<Mention> pollUntil(TaskDriver driver, Predicate<List<Mention>> done) throws InterruptedException {
        List<Mention> all = new ArrayList<>();
        for (int i = 0; i < 20 && !done.test(all); i++) {
            PollResult result = driver.poll();
            assertThat(result.hasMore()).as("a streaming source always has more").isTrue();
            all.addAll(Fixtures.mentions(result));
        }
        assertThat(done.test(all)).as("condition met within 20 polls; collected " + all.stream().map(Mention::text).toList())
                .isTrue();
        return all;
    }

    /** Polls until the task has connected its stream and caught up over REST; returns what the catch-up found. */
    private List<Mention> connect(TaskDriver driver, EventStream[] stream) throws InterruptedException {
        driver.poll();
        stream[0] = streaming.awaitStream(STREAM_PATH);
        List<Mention> caughtUp = new ArrayList<>();
        int before = rest.requests(TAG_PATH).size();
        for (int i = 0; i < 20 && rest.requests(TAG_PATH).size() == before; i++) {
            caughtUp.addAll(Fixtures.mentions(driver.poll()));
        }
        return caughtUp;
    }

    private static String update(ObjectNode status) {
        return status.toString();
    }

    @Test
    void statuses_arrive_live_through_the_redirected_stream_with_the_token() throws Exception {
        timeline.addAll(Fixtures.text("tag-opensource.json"));
        TestTaskContext context = context(Map.of("accessToken", "tok-123"));
        try (TaskDriver driver = Fixtures.start(context)) {
            EventStream[] stream = new EventStream[1];
            List<Mention> backfill = connect(driver, stream);
            assertThat(backfill).hasSize(5);

            ObjectNode live = Statuses.local(NOW.plusSeconds(3), 0, "Streaming works");
            timeline.add(live.toString());
            stream[0].comment("thump").event("update", update(live));

            List<Mention> got = pollUntil(driver, l -> !l.isEmpty());
            assertThat(got).extracting(Mention::text).containsExactly("Streaming works");
            assertThat(context.status().get(MastodonSourceTask.STATUS_STREAMS)).isEqualTo("1 of 1 live");
            assertThat(context.degradedMessage()).isEmpty();
        }
        RecordedRequest opened = streaming.requests(STREAM_PATH).getFirst();
        assertThat(opened.param("tag")).isEqualTo("opensource");
        assertThat(opened.header("Authorization")).isEqualTo("Bearer tok-123");
        assertThat(opened.header("Accept")).isEqualTo("text/event-stream");
    }

    @Test
    void after_a_broken_connection_the_gap_is_read_over_rest_and_nothing_arrives_twice() throws Exception {
        TestTaskContext context = context(Map.of());
        List<Mention> all = new ArrayList<>();
        ObjectNode s10 = Statuses.local(NOW.plusSeconds(10), 0, "s10");
        ObjectNode s11 = Statuses.local(NOW.plusSeconds(11), 0, "s11");
        ObjectNode s12 = Statuses.local(NOW.plusSeconds(12), 0, "s12");
        ObjectNode s13 = Statuses.local(NOW.plusSeconds(13), 0, "s13");
        try (TaskDriver driver = Fixtures.start(context)) {
            EventStream[] stream = new EventStream[1];
            all.addAll(connect(driver, stream));
            timeline.add(s10.toString());
            stream[0].event("update", update(s10));
            all.addAll(pollUntil(driver, l -> l.size() == 1));

            stream[0].drop();
            timeline.add(s11.toString(), s12.toString());
            EventStream again = streaming.awaitStream(STREAM_PATH);
            timeline.add(s13.toString());
            again.event("update", update(s12)).event("update", update(s13));

            all.addAll(pollUntil(driver, l -> l.size() == 3));
            assertThat(driver.poll().records()).isEmpty();
        }
        assertThat(all).extracting(Mention::text).containsExactly("s10", "s11", "s12", "s13");
        List<RecordedRequest> reads = rest.requests(TAG_PATH);
        assertThat(reads.getLast().param("min_id")).as("the catch-up starts a little before the last streamed status")
                .isEqualTo(StatusIds.minusOverlap(s10.path("id").asText(), MastodonSourceTask.OVERLAP));
    }

    @Test
    void a_restarted_task_catches_up_from_the_committed_checkpoint_before_streaming_again() throws Exception {
        TestTaskContext context = context(Map.of());
        ObjectNode s1 = Statuses.local(NOW.plusSeconds(1), 0, "before the restart");
        ObjectNode s2 = Statuses.local(NOW.plusSeconds(20), 0, "while stopped");
        try (TaskDriver driver = Fixtures.start(context)) {
            EventStream[] stream = new EventStream[1];
            connect(driver, stream);
            timeline.add(s1.toString());
            stream[0].event("update", update(s1));
            assertThat(pollUntil(driver, l -> l.size() == 1)).extracting(Mention::text).containsExactly("before the restart");
        }
        timeline.add(s2.toString());
        clock.advance(Duration.ofMinutes(1));

        try (TaskDriver restarted = Fixtures.start(context.restarted())) {
            EventStream[] stream = new EventStream[1];
            assertThat(connect(restarted, stream)).extracting(Mention::text).containsExactly("while stopped");
        }
    }

    @Test
    void an_edit_comes_back_under_the_same_id_and_a_deletion_is_counted() throws Exception {
        TestTaskContext context = context(Map.of());
        ObjectNode original = Statuses.local(NOW.plusSeconds(5), 0, "Relase today");
        try (TaskDriver driver = Fixtures.start(context)) {
            EventStream[] stream = new EventStream[1];
            connect(driver, stream);
            stream[0].event("update", update(original));
            Mention before = pollUntil(driver, l -> l.size() == 1).getFirst();

            ObjectNode edited = original.deepCopy().put("content", "<p>Release today</p>")
                    .put("edited_at", NOW.plusSeconds(40).toString());
            stream[0].event("status.update", update(edited)).event("delete", "116204000000000123");
            Mention after = pollUntil(driver, l -> l.size() == 1).getFirst();

            assertThat(after.id()).isEqualTo(before.id());
            assertThat(after.text()).isEqualTo("Release today");
            for (int i = 0; i < 5 && !context.status().containsKey(MastodonSourceTask.STATUS_DELETED); i++) {
                driver.poll();
            }
            assertThat(context.status().get(MastodonSourceTask.STATUS_DELETED))
                    .startsWith("1 status deleted on Mastodon since the source started");
        }
    }

    @Test
    void a_stream_the_instance_refuses_falls_back_to_polling_and_tells_the_user_why() throws Exception {
        streaming.refuseNext(STREAM_PATH, StatusReply.json(401, "{\"error\":\"Missing access token\"}"));
        timeline.add(Statuses.local(NOW.minusSeconds(30), 0, "polled instead").toString());
        TestTaskContext context = context(Map.of());
        try (TaskDriver driver = Fixtures.start(context)) {
            List<Mention> got = pollUntil(driver, l -> !l.isEmpty());
            assertThat(got).extracting(Mention::text).containsExactly("polled instead");
            assertThat(context.degradedMessage()).hasValueSatisfying(m -> assertThat(m)
                    .contains("only to signed-in users", "set an access token", "polling it every minute instead"));
            assertThat(context.status().get(MastodonSourceTask.STATUS_STREAMS)).startsWith("0 of 1 live");

            timeline.add(Statuses.local(NOW.plusSeconds(30), 0, "a minute later").toString());
            clock.advance(Duration.ofSeconds(61));
            assertThat(pollUntil(driver, l -> !l.isEmpty())).extracting(Mention::text).containsExactly("a minute later");
        }
        assertThat(streaming.requests(STREAM_PATH)).hasSize(1);
    }

    @Test
    void a_stream_that_goes_silent_is_reconnected() throws Exception {
        TestTaskContext context = context(Map.of());
        try (TaskDriver driver = Fixtures.start(context)) {
            EventStream[] stream = new EventStream[1];
            connect(driver, stream);

            clock.advance(MastodonSourceTask.STREAM_IDLE.plusSeconds(5));
            driver.poll();

            assertThat(stream[0].awaitClosed(Duration.ofSeconds(10))).isTrue();
            EventStream again = streaming.awaitStream(STREAM_PATH);
            ObjectNode s = Statuses.local(NOW.plusSeconds(100), 0, "after the silence");
            again.event("update", update(s));
            timeline.add(s.toString());
            assertThat(pollUntil(driver, l -> !l.isEmpty())).extracting(Mention::text).containsExactly("after the silence");
        }
    }

    @Test
    void an_overloaded_streaming_server_is_retried_after_the_time_it_asks() throws Exception {
        streaming.refuseNext(STREAM_PATH, StatusReply.of(503, "busy").header("Retry-After", "1"));
        TestTaskContext context = context(Map.of());
        try (TaskDriver driver = Fixtures.start(context)) {
            driver.poll();
            EventStream stream = streaming.awaitStream(STREAM_PATH);
            ObjectNode s = Statuses.local(NOW.plusSeconds(1), 0, "second attempt");
            stream.event("update", update(s));
            timeline.add(s.toString());
            assertThat(pollUntil(driver, l -> !l.isEmpty())).extracting(Mention::text).containsExactly("second attempt");
        }
        assertThat(streaming.requests(STREAM_PATH)).hasSize(2);
    }

    @Test
    void stop_ends_a_waiting_poll_and_closes_the_stream_promptly() throws Exception {
        TestTaskContext context = context(Map.of());
        TaskDriver driver = Fixtures.start(context);
        EventStream[] stream = new EventStream[1];
        connect(driver, stream);

        CompletableFuture<PollResult> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return driver.task().poll();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        driver.task().stop();

        assertThat(waiting.get(5, TimeUnit.SECONDS).records()).isEmpty();
        assertThat(stream[0].awaitClosed(Duration.ofSeconds(5))).as("the connection is closed").isTrue();
        driver.task().close();
        assertThat(streaming.streams(STREAM_PATH)).hasSize(1);
    }
}
