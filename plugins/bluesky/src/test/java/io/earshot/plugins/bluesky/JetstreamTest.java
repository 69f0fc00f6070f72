package io.earshot.plugins.bluesky;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.api.Checkpoint;
import io.earshot.api.Mention;
import io.earshot.api.PollResult;
import io.earshot.plugins.testkit.ReplayServer;
import io.earshot.plugins.testkit.ReplayServer.Reply;
import io.earshot.plugins.testkit.StatusReply;
import io.earshot.plugins.testkit.TaskDriver;
import io.earshot.plugins.testkit.TestTaskContext;
import io.earshot.plugins.testkit.WebSocketServer;
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
 * Following Bluesky live on Jetstream: matching posts with their authors, checkpoints at the last
 * event handled, resubscription after a restart or a broken connection without losing or repeating
 * posts, edits, deletions, gaps, refusals, and a prompt stop.
 */
class JetstreamTest {

    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private static final long T0 = 1773143999000000L;
    private static final long MARGIN_US = 5_000_000L;
    private static final String PROFILES = "/xrpc/app.bsky.actor.getProfiles";

    private final MutableClock clock = new MutableClock(NOW);
    private WebSocketServer jetstream;
    private ReplayServer api;
    private final List<String> events = Fixtures.events();

    @BeforeEach
    void start() {
        jetstream = WebSocketServer.start();
        api = ReplayServer.start();
        api.on(PROFILES).respond(JetstreamTest::profiles);
    }

    /** Answers getProfiles like the public API: the profiles asked for, of those it knows. */
    static Reply profiles(ReplayServer.RecordedRequest r) {
        try {
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            List<String> asked = java.util.Arrays.stream(r.query().split("&"))
                    .map(p -> java.net.URLDecoder.decode(p.substring(p.indexOf('=') + 1), java.nio.charset.StandardCharsets.UTF_8))
                    .toList();
            com.fasterxml.jackson.databind.node.ObjectNode body = json.createObjectNode();
            com.fasterxml.jackson.databind.node.ArrayNode out = body.putArray("profiles");
            json.readTree(Fixtures.text("profiles.json")).path("profiles").forEach(p -> {
                if (asked.contains(p.path("did").asText())) {
                    out.add(p);
                }
            });
            return Reply.ok("application/json", body.toString());
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() {
        jetstream.close();
        api.close();
    }

    private TestTaskContext context(Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(Map.of("keywords", List.of("Earshot", "Сбербанк*"),
                "hashtags", "OpenSource", "jetstreamUrl", jetstream.uri("/subscribe").toString(),
                "appViewUrl", api.uri("").toString(), "backfill", "0s"));
        config.putAll(extra);
        return Fixtures.context(config, clock);
    }

    /** Polls (each waits up to a second for events) until the collected mentions satisfy the condition. */
    private static List<Mention> pollUntil(TaskDriver driver, Predicate<List<Mention>> done) throws InterruptedException {
        List<Mention> all = new ArrayList<>();
        for (int i = 0; i < 20 && !done.test(all); i++) {
            PollResult result = driver.poll();
            assertThat(result.hasMore()).as("a live source always has more").isTrue();
            all.addAll(Fixtures.mentions(result));
        }
        assertThat(done.test(all)).as("collected " + all.stream().map(Mention::text).toList()).isTrue();
        return all;
    }

    private WebSocketServer.Connection connect(TaskDriver driver) throws InterruptedException {
        driver.poll();
        return jetstream.awaitConnection();
    }

    private void send(WebSocketServer.Connection c, int... indexes) {
        for (int i : indexes) {
            c.send(events.get(i));
        }
    }

    private static long checkpointUs(TestTaskContext context) {
        return Long.parseLong(context.checkpoint(JetstreamReader.PARTITION).map(Checkpoint::position).orElse("0"));
    }

    @Test
    void matching_posts_arrive_live_with_their_authors_and_the_rest_is_ignored() throws Exception {
        TestTaskContext context = context(Map.of());
        try (TaskDriver driver = Fixtures.start(context)) {
            WebSocketServer.Connection c = connect(driver);
            assertThat(c.handshake().param("wantedCollections")).isEqualTo("app.bsky.feed.post");
            assertThat(c.handshake().param("cursor")).as("live from now").isNull();
            assertThat(c.handshake().header("User-Agent")).isEqualTo("Earshot-test");

            send(c, 0, 1, 2, 3, 4, 5, 6);
            List<Mention> got = pollUntil(driver, l -> l.size() == 3);

            assertThat(got).extracting(Mention::id).containsExactly(
                    "bluesky:" + Fixtures.ANNA + "/3mbq2xkz4tc2a",
                    "bluesky:" + Fixtures.IVAN + "/3mbq2xm7yeo2c",
                    "bluesky:" + Fixtures.KASIA + "/3mbq2xnqa7k2d");
            assertThat(got.get(0).author().handle()).isEqualTo("anna.bsky.social");
            assertThat(got.get(0).author().followers()).isEqualTo(1532);
            assertThat(got.get(1).text()).isEqualTo("Клиенты Сбербанка жалуются на сбой приложения");
            assertThat(got.get(2).author().handle()).isEqualTo("kasia.example.pl");
            assertThat(got.get(2).url()).isEqualTo("https://bsky.app/profile/kasia.example.pl/post/3mbq2xnqa7k2d");
            for (int i = 0; i < 10 && checkpointUs(context) < T0 + 700_000; i++) {
                clock.advance(JetstreamReader.CHECKPOINT_EVERY);
                driver.poll();
            }
            assertThat(checkpointUs(context)).as("the last event handled, matching or not").isEqualTo(T0 + 700_000);
            assertThat(context.status().get(BlueskySourceTask.STATUS_JETSTREAM)).startsWith("connected; up to 2026-03-10 11:59:59 UTC");
        }
        List<String> looked = api.requests(PROFILES).stream()
                .flatMap(r -> java.util.Arrays.stream(r.query().split("&")))
                .map(p -> java.net.URLDecoder.decode(p.substring(p.indexOf('=') + 1), java.nio.charset.StandardCharsets.UTF_8))
                .toList();
        assertThat(looked).as("each author looked up once").containsExactlyInAnyOrder(Fixtures.ANNA, Fixtures.IVAN,
                Fixtures.KASIA);
    }

    @Test
    void a_restarted_task_resubscribes_from_its_checkpoint_minus_a_margin_and_replays_change_nothing() throws Exception {
        TestTaskContext context = context(Map.of());
        List<Mention> first;
        try (TaskDriver driver = Fixtures.start(context)) {
            WebSocketServer.Connection c = connect(driver);
            send(c, 0, 1, 2);
            first = pollUntil(driver, l -> l.size() == 2);
        }
        assertThat(checkpointUs(context)).isEqualTo(T0 + 300_000);

        List<Mention> second;
        try (TaskDriver restarted = Fixtures.start(context.restarted())) {
            WebSocketServer.Connection c = connect(restarted);
            assertThat(c.handshake().param("cursor")).isEqualTo(Long.toString(T0 + 300_000 - MARGIN_US));
            send(c, 0, 1, 2, 4);
            second = pollUntil(restarted, l -> l.stream().anyMatch(m -> m.id().endsWith("3mbq2xnqa7k2d")));
        }
        Map<String, Mention> stored = new HashMap<>();
        first.forEach(m -> stored.put(m.id(), m));
        second.forEach(m -> stored.put(m.id(), m));
        assertThat(stored).as("every post stored once, none missing").hasSize(3);
        assertThat(second).filteredOn(m -> first.stream().anyMatch(f -> f.id().equals(m.id())))
                .allSatisfy(m -> assertThat(m).usingRecursiveComparison().isEqualTo(
                        first.stream().filter(f -> f.id().equals(m.id())).findFirst().orElseThrow()));
    }

    @Test
    void after_a_broken_connection_it_resubscribes_from_the_last_event_and_does_not_repeat_posts() throws Exception {
        TestTaskContext context = context(Map.of());
        try (TaskDriver driver = Fixtures.start(context)) {
            WebSocketServer.Connection c = connect(driver);
            send(c, 0, 1, 2);
            pollUntil(driver, l -> l.size() == 2);

            c.drop();
            WebSocketServer.Connection again = jetstream.awaitConnection();
            assertThat(again.handshake().param("cursor")).isEqualTo(Long.toString(T0 + 300_000 - MARGIN_US));
            send(again, 0, 1, 2, 4);

            assertThat(pollUntil(driver, l -> !l.isEmpty())).extracting(Mention::id)
                    .containsExactly("bluesky:" + Fixtures.KASIA + "/3mbq2xnqa7k2d");
            assertThat(Fixtures.mentions(driver.poll())).isEmpty();
            assertThat(context.degradedMessage()).isEmpty();
        }
    }

    @Test
    void an_edited_post_comes_back_under_the_same_id_and_a_deleted_one_is_counted() throws Exception {
        TestTaskContext context = context(Map.of());
        try (TaskDriver driver = Fixtures.start(context)) {
            WebSocketServer.Connection c = connect(driver);
            send(c, 0);
            Mention original = pollUntil(driver, l -> l.size() == 1).getFirst();
            send(c, 7, 8);
            Mention edited = pollUntil(driver, l -> l.size() == 1).getFirst();

            assertThat(edited.id()).isEqualTo(original.id());
            assertThat(edited.text()).contains("demo and the Q&A!");
            assertThat(edited.extras()).containsEntry("edited", true);
            for (int i = 0; i < 5 && !context.status().containsKey(BlueskySourceTask.STATUS_DELETED); i++) {
                driver.poll();
            }
            assertThat(context.status().get(BlueskySourceTask.STATUS_DELETED))
                    .startsWith("1 collected post was deleted on Bluesky");
        }
    }

    @Test
    void the_first_start_without_an_account_replays_the_backfill_from_jetstream_and_marks_it_at_once() throws Exception {
        TestTaskContext context = context(Map.of("backfill", "1h"));
        try (TaskDriver driver = Fixtures.start(context)) {
            WebSocketServer.Connection c = connect(driver);
            long start = JetstreamReader.micros(NOW.minus(Duration.ofHours(1)));
            assertThat(c.handshake().param("cursor")).isEqualTo(Long.toString(start - MARGIN_US));
            assertThat(checkpointUs(context)).as("a restart does not start over").isEqualTo(start);
        }
    }

    @Test
    void a_gap_jetstream_can_no_longer_replay_is_reported() throws Exception {
        TestTaskContext context = context(Map.of());
        long twoDaysAgo = JetstreamReader.micros(NOW.minus(Duration.ofDays(2)));
        context.commit(new Checkpoint(JetstreamReader.PARTITION, Long.toString(twoDaysAgo)));
        try (TaskDriver driver = Fixtures.start(context)) {
            WebSocketServer.Connection c = connect(driver);
            send(c, 0);
            pollUntil(driver, l -> l.size() == 1);
            assertThat(context.status().get(BlueskySourceTask.STATUS_JETSTREAM))
                    .contains("Jetstream no longer held the posts between 2026-03-08 12:00 UTC and 2026-03-10 11:59 UTC; "
                            + "with a handle and an app password they would be searched");
        }
    }

    @Test
    void a_refused_subscription_is_shown_with_a_hint_and_retried() throws Exception {
        jetstream.refuseNext(StatusReply.of(404, "not found"));
        TestTaskContext context = context(Map.of());
        try (TaskDriver driver = Fixtures.start(context)) {
            for (int i = 0; i < 10 && context.degradedMessage().isEmpty(); i++) {
                driver.poll();
            }
            assertThat(context.degradedMessage()).hasValueSatisfying(m -> assertThat(m).contains("HTTP 404", "check jetstreamUrl"));
            assertThat(context.waitingPartitions()).containsKey(JetstreamReader.PARTITION);

            WebSocketServer.Connection c = jetstream.awaitConnection();
            send(c, 0);
            pollUntil(driver, l -> l.size() == 1);
            assertThat(context.degradedMessage()).isEmpty();
            assertThat(context.waitingPartitions()).isEmpty();
        }
    }

    @Test
    void a_message_split_into_fragments_is_read_whole_and_unreadable_events_are_skipped() throws Exception {
        TestTaskContext context = context(Map.of());
        try (TaskDriver driver = Fixtures.start(context)) {
            WebSocketServer.Connection c = connect(driver);
            c.send("{\"did\":\"did:plc:x\",\"time_us\":");
            c.sendFragmented(events.get(0), 64);
            assertThat(pollUntil(driver, l -> l.size() == 1)).extracting(Mention::author)
                    .allSatisfy(a -> assertThat(a.handle()).isEqualTo("anna.bsky.social"));
        }
    }

    @Test
    void posts_still_arrive_when_authors_cannot_be_looked_up() throws Exception {
        api.on(PROFILES).respond(Reply.status(502, "bad gateway"));
        TestTaskContext context = context(Map.of());
        try (TaskDriver driver = Fixtures.start(context)) {
            WebSocketServer.Connection c = connect(driver);
            send(c, 0, 2);
            List<Mention> got = pollUntil(driver, l -> l.size() == 2);
            assertThat(got.get(0).author().id()).isEqualTo(Fixtures.ANNA);
            assertThat(got.get(0).author().handle()).isNull();
            send(c, 4);
            pollUntil(driver, l -> l.size() == 1);
        }
        assertThat(api.requests(PROFILES)).as("no new lookup before the pause the failure started is over").hasSize(1);
    }

    @Test
    void a_silent_subscription_is_reopened() throws Exception {
        TestTaskContext context = context(Map.of());
        try (TaskDriver driver = Fixtures.start(context)) {
            WebSocketServer.Connection c = connect(driver);
            send(c, 0);
            pollUntil(driver, l -> l.size() == 1);

            clock.advance(JetstreamReader.IDLE.plusSeconds(1));
            driver.poll();

            assertThat(c.awaitClosed(Duration.ofSeconds(10))).isTrue();
            WebSocketServer.Connection again = jetstream.awaitConnection();
            assertThat(again.handshake().param("cursor")).isEqualTo(Long.toString(T0 + 100_000 - MARGIN_US));
        }
    }

    @Test
    void stop_ends_a_waiting_poll_and_closes_the_subscription_promptly() throws Exception {
        TestTaskContext context = context(Map.of());
        TaskDriver driver = Fixtures.start(context);
        WebSocketServer.Connection c = connect(driver);

        CompletableFuture<PollResult> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return driver.task().poll();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        driver.task().stop();

        assertThat(waiting.get(5, TimeUnit.SECONDS).records()).isEmpty();
        assertThat(c.awaitClosed(Duration.ofSeconds(5))).isTrue();
        driver.task().close();
        assertThat(jetstream.connections()).hasSize(1);
    }
}
