package io.earshot.plugins.bluesky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.earshot.api.CredentialsRejectedException;
import io.earshot.api.Engagement;
import io.earshot.api.Mention;
import io.earshot.api.PollResult;
import io.earshot.api.RetriableException;
import io.earshot.plugins.testkit.ReplayServer;
import io.earshot.plugins.testkit.ReplayServer.RecordedRequest;
import io.earshot.plugins.testkit.ReplayServer.Reply;
import io.earshot.plugins.testkit.TaskDriver;
import io.earshot.plugins.testkit.TestTaskContext;
import io.earshot.plugins.testkit.WebSocketServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Searching Bluesky with an account: signing in once, refreshing the session, paging with cursors,
 * resuming after restarts without gaps or repeats, and saying plainly when the account, the rate
 * limit or Bluesky is the problem.
 */
class SearchTest {

    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private static final String CREATE = "/xrpc/com.atproto.server.createSession";
    private static final String REFRESH = "/xrpc/com.atproto.server.refreshSession";
    private static final String SEARCH = "/xrpc/app.bsky.feed.searchPosts";
    private static final String PROFILES = "/xrpc/app.bsky.actor.getProfiles";
    private static final String PASSWORD = "abcd-efgh-ijkl-mnop";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MutableClock clock = new MutableClock(NOW);
    private ReplayServer api;
    private final String access1 = Fixtures.jwt("com.atproto.appPass", NOW.plus(Duration.ofHours(2)));
    private final String refresh1 = Fixtures.jwt("com.atproto.refresh", NOW.plus(Duration.ofDays(60)));
    private final String access2 = Fixtures.jwt("com.atproto.appPass", NOW.plus(Duration.ofHours(4)));
    private final String refresh2 = Fixtures.jwt("com.atproto.refresh", NOW.plus(Duration.ofDays(61)));

    @BeforeEach
    void start() {
        api = ReplayServer.start();
        api.on(CREATE).respond(Reply.ok("application/json", Fixtures.session(access1, refresh1)));
        api.on(REFRESH).respond(Reply.ok("application/json", Fixtures.session(access2, refresh2)));
        api.on(PROFILES).respond(Reply.ok("application/json", Fixtures.text("profiles.json")));
        api.on(SEARCH).respond(r -> {
            if (!"Earshot".equals(r.param("q"))) {
                return Reply.ok("application/json", "{\"posts\":[]}");
            }
            return Reply.ok("application/json", Fixtures.text("100".equals(r.param("cursor"))
                    ? "search-earshot-page2.json" : "search-earshot-page1.json"));
        });
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private TestTaskContext context(Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(Map.of("keywords", "Earshot", "hashtags", "#OpenSource",
                "mode", "search", "handle", "anna.bsky.social", "appPassword", PASSWORD,
                "serviceUrl", api.uri("").toString(), "appViewUrl", api.uri("").toString()));
        config.putAll(extra);
        return Fixtures.context(config, clock);
    }

    private List<RecordedRequest> searches(String q) {
        return api.requests(SEARCH).stream().filter(r -> q.equals(r.param("q"))).toList();
    }

    @Test
    void signs_in_once_and_collects_every_page_with_counts_and_authors() throws Exception {
        TestTaskContext context = context(Map.of());
        List<Mention> got;
        try (TaskDriver driver = Fixtures.start(context)) {
            got = driver.drain(10);
        }
        assertThat(got).extracting(Mention::id).containsExactly(
                "bluesky:" + Fixtures.ANNA + "/3mbq2xkz4tc2a",
                "bluesky:" + Fixtures.IVAN + "/3mbq2q4ybxc2k",
                "bluesky:" + Fixtures.GONE + "/3mbpwabc2gs2x",
                "bluesky:" + Fixtures.KASIA + "/3mbptxyz4ab2q");
        Mention anna = got.get(0);
        assertThat(anna.engagement()).isEqualTo(new Engagement(34L, 8L, 2L, null));
        assertThat(anna.author().followers()).isEqualTo(1532);
        assertThat(anna.author().verified()).isTrue();
        assertThat(anna.extras()).containsEntry("via", "search").containsEntry("quoteCount", 1L);
        assertThat(got.get(1).extras()).containsEntry("quotedUri", "at://" + Fixtures.IVAN + "/app.bsky.feed.post/3mbpzzzzzzz2a");
        assertThat(got.get(2).author().handle()).as("a handle that no longer resolves").isNull();
        assertThat(got.get(2).extras()).containsEntry("selfLabels", List.of("graphic-media"));
        assertThat(got.get(3).lang()).isEqualTo("el");

        assertThat(api.requests(CREATE)).singleElement().satisfies(r -> {
            assertThat(JSON.readTree(r.body()).path("identifier").asText()).isEqualTo("anna.bsky.social");
            assertThat(JSON.readTree(r.body()).path("password").asText()).isEqualTo(PASSWORD);
        });
        List<RecordedRequest> earshot = searches("Earshot");
        assertThat(earshot).hasSize(2);
        assertThat(earshot.get(0).param("sort")).isEqualTo("latest");
        assertThat(earshot.get(0).param("limit")).isEqualTo("100");
        assertThat(earshot.get(0).param("since")).isEqualTo("2026-03-10T11:00:00Z");
        assertThat(earshot.get(0).param("cursor")).isNull();
        assertThat(earshot.get(0).header("Authorization")).isEqualTo("Bearer " + access1);
        assertThat(earshot.get(1).param("cursor")).isEqualTo("100");
        assertThat(searches("#opensource")).hasSize(1);
        assertThat(context.checkpoints()).containsKeys("search Earshot", "search #opensource");
    }

    @Test
    void the_next_scheduled_poll_looks_back_to_the_newest_post_minus_an_overlap_and_repeats_nothing() throws Exception {
        TestTaskContext context = context(Map.of());
        try (TaskDriver driver = Fixtures.start(context)) {
            assertThat(driver.drain(10)).hasSize(4);
            clock.advance(Duration.ofMinutes(2));
            assertThat(driver.drain(10)).isEmpty();
        }
        assertThat(searches("Earshot").get(2).param("since")).isEqualTo("2026-03-10T11:54:58.123Z");
        try (TaskDriver restarted = Fixtures.start(context.restarted())) {
            assertThat(restarted.drain(10)).as("nor after a restart").isEmpty();
        }
        assertThat(api.requests(CREATE)).as("a new task signs in once more").hasSize(2);
    }

    @Test
    void a_restart_in_the_middle_of_a_sweep_resumes_at_its_cursor() throws Exception {
        api.on(SEARCH).respond(r -> Reply.ok("application/json", "c1".equals(r.param("cursor")) ? page(10, 12, null)
                : "Earshot".equals(r.param("q")) ? page(0, 10, "c1") : "{\"posts\":[]}"));
        TestTaskContext context = context(Map.of("maxItemsPerPoll", 10, "hashtags", List.of()));
        Set<String> ids = new HashSet<>();
        List<Mention> all = new ArrayList<>();
        try (TaskDriver driver = Fixtures.start(context)) {
            PollResult first = driver.poll();
            assertThat(first.hasMore()).isTrue();
            all.addAll(Fixtures.mentions(first));
        }
        try (TaskDriver restarted = Fixtures.start(context.restarted())) {
            all.addAll(restarted.drain(10));
        }
        all.forEach(m -> ids.add(m.id()));
        assertThat(all).hasSize(12);
        assertThat(ids).hasSize(12);
        assertThat(searches("Earshot").getLast().param("cursor")).isEqualTo("c1");
    }

    @Test
    void a_wrong_app_password_fails_the_source_plainly_without_showing_it() throws Exception {
        api.on(CREATE).respond(Reply.status(401, "{\"error\":\"AuthenticationRequired\",\"message\":\"Invalid identifier or password\"}"));
        try (TaskDriver driver = Fixtures.start(context(Map.of()))) {
            assertThatThrownBy(driver::poll).isInstanceOf(CredentialsRejectedException.class)
                    .hasMessage("credentials rejected by Bluesky: the handle or the app password is wrong; check the "
                            + "source's credentials")
                    .hasMessageNotContaining(PASSWORD);
        }
        assertThat(api.requests(SEARCH)).isEmpty();
    }

    @Test
    void the_account_password_of_an_account_with_email_codes_is_refused_with_advice() throws Exception {
        api.on(CREATE).respond(Reply.status(401, "{\"error\":\"AuthFactorTokenRequired\",\"message\":\"A sign in code has been sent to your email address\"}"));
        try (TaskDriver driver = Fixtures.start(context(Map.of()))) {
            assertThatThrownBy(driver::poll).isInstanceOf(CredentialsRejectedException.class)
                    .hasMessageContaining("use an app password");
        }
    }

    @Test
    void an_expired_access_token_is_refreshed_and_the_search_asked_again() throws Exception {
        api.on(SEARCH).thenOnce(Reply.status(400, "{\"error\":\"ExpiredToken\",\"message\":\"Token has expired\"}"));
        try (TaskDriver driver = Fixtures.start(context(Map.of()))) {
            assertThat(driver.drain(10)).hasSize(4);
        }
        assertThat(api.requests(REFRESH)).singleElement()
                .satisfies(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer " + refresh1));
        assertThat(api.requests(SEARCH).get(1).header("Authorization")).isEqualTo("Bearer " + access2);
        assertThat(api.requests(CREATE)).hasSize(1);
    }

    @Test
    void the_access_token_is_refreshed_before_it_expires_and_a_refused_refresh_means_signing_in_again() throws Exception {
        try (TaskDriver driver = Fixtures.start(context(Map.of()))) {
            driver.drain(10);
            clock.advance(Duration.ofMinutes(119));
            driver.drain(10);
            assertThat(api.requests(REFRESH)).hasSize(1);
            assertThat(searches("Earshot").getLast().header("Authorization")).isEqualTo("Bearer " + access2);

            api.on(REFRESH).respond(Reply.status(400, "{\"error\":\"ExpiredToken\",\"message\":\"Token has been revoked\"}"));
            clock.advance(Duration.ofHours(4));
            driver.drain(10);
        }
        assertThat(api.requests(CREATE)).hasSize(2);
        assertThat(searches("Earshot").getLast().header("Authorization")).isEqualTo("Bearer " + access1);
    }

    @Test
    void a_rate_limited_search_makes_every_query_wait_until_the_reset() throws Exception {
        long reset = NOW.plusSeconds(300).getEpochSecond();
        api.on(SEARCH).thenOnce(Reply.status(429, "{\"error\":\"RateLimitExceeded\",\"message\":\"Rate Limit Exceeded\"}")
                .header("ratelimit-limit", "3000").header("ratelimit-remaining", "0")
                .header("ratelimit-reset", Long.toString(reset)).header("ratelimit-policy", "3000;w=300"));
        TestTaskContext context = context(Map.of());
        try (TaskDriver driver = Fixtures.start(context)) {
            assertThat(driver.drain(10)).isEmpty();
            assertThat(context.waitingPartitions()).containsOnlyKeys("search Earshot", "search #opensource");
            assertThat(context.waitingPartitions().get("search Earshot").until()).isEqualTo(Instant.ofEpochSecond(reset));
            assertThat(context.waitingPartitions().get("search Earshot").message()).contains("rate limited by Bluesky");
            assertThat(context.status().get(BlueskySourceTask.STATUS_QUOTA))
                    .isEqualTo("0 of 3,000 requests left until 12:05 UTC");

            clock.advance(Duration.ofMinutes(2));
            driver.drain(10);
            assertThat(api.requests(SEARCH)).hasSize(1);

            clock.advance(Duration.ofMinutes(4));
            assertThat(driver.drain(10)).hasSize(4);
            assertThat(context.waitingPartitions()).isEmpty();
        }
    }

    @Test
    void a_server_error_makes_only_that_query_wait() throws Exception {
        api.on(SEARCH).respond(r -> "Earshot".equals(r.param("q"))
                ? Reply.status(502, "<html>Bad gateway</html>")
                : Reply.ok("application/json", Fixtures.text("search-earshot-page2.json")));
        TestTaskContext context = context(Map.of());
        try (TaskDriver driver = Fixtures.start(context)) {
            assertThat(driver.drain(10)).extracting(Mention::lang).containsExactly("el");
        }
        assertThat(context.waitingPartitions()).containsOnlyKeys("search Earshot");
        assertThat(context.waitingPartitions().get("search Earshot").message()).contains("HTTP 502");
    }

    @Test
    void a_sign_in_limit_is_a_pause_not_a_failure() throws Exception {
        api.on(CREATE).respond(Reply.status(429, "{\"error\":\"RateLimitExceeded\",\"message\":\"Rate Limit Exceeded\"}")
                .header("ratelimit-limit", "30").header("ratelimit-remaining", "0")
                .header("ratelimit-reset", Long.toString(NOW.plusSeconds(240).getEpochSecond())));
        try (TaskDriver driver = Fixtures.start(context(Map.of()))) {
            assertThatThrownBy(driver::poll).isInstanceOfSatisfying(RetriableException.class, e -> {
                assertThat(e.getMessage()).contains("Bluesky limits sign-ins");
                assertThat(e.retryAfter()).contains(Duration.ofSeconds(240));
            });
        }
    }

    @Test
    void one_language_is_asked_of_search_and_several_are_filtered_here() throws Exception {
        try (TaskDriver driver = Fixtures.start(context(Map.of("languages", "el")))) {
            driver.drain(10);
        }
        assertThat(searches("Earshot").getFirst().param("lang")).isEqualTo("el");

        api.close();
        start();
        try (TaskDriver driver = Fixtures.start(context(Map.of("languages", List.of("el", "ru"))))) {
            assertThat(driver.drain(10)).extracting(Mention::lang).containsExactly("el");
        }
        assertThat(searches("Earshot").getFirst().param("lang")).isNull();
    }

    @Test
    void without_backfill_the_first_poll_only_marks_the_start() throws Exception {
        TestTaskContext context = context(Map.of("backfill", "0s"));
        try (TaskDriver driver = Fixtures.start(context)) {
            PollResult first = driver.poll();
            assertThat(Fixtures.mentions(first)).isEmpty();
            assertThat(api.requests(SEARCH)).isEmpty();
            clock.advance(Duration.ofMinutes(2));
            driver.drain(10);
        }
        assertThat(searches("Earshot").getFirst().param("since")).isEqualTo("2026-03-10T11:55:00Z");
    }

    @Test
    void in_jetstream_mode_an_account_backfills_the_first_start_by_search() throws Exception {
        try (WebSocketServer jetstream = WebSocketServer.start()) {
            TestTaskContext context = context(Map.of("mode", "jetstream", "jetstreamUrl", jetstream.uri("/subscribe").toString()));
            try (TaskDriver driver = Fixtures.start(context)) {
                List<Mention> got = new ArrayList<>();
                for (int i = 0; i < 5 && got.size() < 4; i++) {
                    got.addAll(Fixtures.mentions(driver.poll()));
                }
                assertThat(got).hasSize(4);
                WebSocketServer.Connection c = jetstream.awaitConnection();
                assertThat(c.handshake().param("cursor"))
                        .isEqualTo(Long.toString(JetstreamReader.micros(NOW) - 5_000_000));
            }
            RecordedRequest first = searches("Earshot").getFirst();
            assertThat(first.param("since")).isEqualTo("2026-03-10T11:00:00Z");
            assertThat(first.param("until")).isEqualTo("2026-03-10T12:00:00Z");
            try (TaskDriver restarted = Fixtures.start(context.restarted())) {
                restarted.poll();
                assertThat(searches("Earshot")).as("the backfill is not repeated").hasSize(2);
            }
        }
    }

    @Test
    void in_jetstream_mode_a_sign_in_that_must_wait_delays_the_backfill_but_not_the_live_posts() throws Exception {
        api.on(CREATE).respond(Reply.status(503, "{\"error\":\"InternalServerError\",\"message\":\"try later\"}")
                .header("Retry-After", "120"));
        try (WebSocketServer jetstream = WebSocketServer.start()) {
            TestTaskContext context = context(Map.of("mode", "jetstream", "jetstreamUrl", jetstream.uri("/subscribe").toString()));
            try (TaskDriver driver = Fixtures.start(context)) {
                driver.poll();
                jetstream.awaitConnection().send(Fixtures.events().getFirst());
                List<Mention> got = new ArrayList<>();
                for (int i = 0; i < 10 && got.isEmpty(); i++) {
                    got.addAll(Fixtures.mentions(driver.poll()));
                }
                assertThat(got).extracting(Mention::id).containsExactly("bluesky:" + Fixtures.ANNA + "/3mbq2xkz4tc2a");
                assertThat(context.waitingPartitions()).containsKeys("search Earshot", "search #opensource");
                assertThat(context.waitingPartitions().get("search Earshot").until()).isEqualTo(NOW.plusSeconds(120));
            }
        }
        assertThat(api.requests(CREATE)).hasSize(1);
    }

    /** A search answer with posts number {@code from} (inclusive) to {@code to} (exclusive), newest first. */
    private static String page(int from, int to, String cursor) {
        try {
            ObjectNode template = (ObjectNode) JSON.readTree(Fixtures.text("search-earshot-page1.json")).path("posts").get(0);
            ObjectNode body = JSON.createObjectNode();
            ArrayNode posts = body.putArray("posts");
            for (int i = from; i < to; i++) {
                ObjectNode p = template.deepCopy();
                p.put("uri", "at://" + Fixtures.ANNA + "/app.bsky.feed.post/3mbq2xkz4t" + (char) ('a' + i) + "2a");
                p.put("indexedAt", NOW.minusSeconds(60L * i).toString());
                ((ObjectNode) p.path("record")).put("createdAt", NOW.minusSeconds(60L * i).toString());
                posts.add(p);
            }
            if (cursor != null) {
                body.put("cursor", cursor);
            }
            return body.toString();
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalStateException(e);
        }
    }
}
