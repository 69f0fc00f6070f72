package io.earshot.plugins.youtube;

import static io.earshot.plugins.youtube.FakeYouTube.KEY;
import static io.earshot.plugins.youtube.FakeYouTube.error;
import static io.earshot.plugins.youtube.FakeYouTube.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.earshot.api.CredentialsRejectedException;
import io.earshot.api.FatalSourceException;
import io.earshot.api.Mention;
import io.earshot.api.PollResult;
import io.earshot.api.QuotaExceededException;
import io.earshot.api.RetriableException;
import io.earshot.api.http.BlockedUrlException;
import io.earshot.api.http.HttpFetcher;
import io.earshot.plugins.testkit.ReplayServer.Reply;
import io.earshot.plugins.testkit.TaskDriver;
import io.earshot.plugins.testkit.TestTaskContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each way YouTube fails is told to the user plainly, for the partition or the source it concerns. */
class ErrorsTest {

    private final FakeYouTube youtube = new FakeYouTube();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));

    @AfterEach
    void close() {
        youtube.close();
    }

    private TestTaskContext context(Object... settings) {
        return FakeYouTube.context(youtube.config(settings), clock);
    }

    private TestTaskContext searchContext() {
        return context("queries", List.of("acme rocket"), "commentsOnFoundVideos", false);
    }

    @Test
    void an_invalid_api_key_is_rejected_credentials() {
        youtube.search().respond(error(400, "error-key-invalid.json"));
        try (TaskDriver driver = FakeYouTube.start(searchContext())) {
            assertThatThrownBy(driver::poll).isInstanceOf(CredentialsRejectedException.class)
                    .hasMessage("credentials rejected by YouTube: HTTP 400 badRequest, API_KEY_INVALID: API key not "
                            + "valid. Please pass a valid API key.; check the source's credentials")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEY));
        }
    }

    @Test
    void a_key_youtube_calls_invalid_with_403_is_rejected_credentials_too() {
        youtube.search().respond(error(403, "error-key-invalid-403.json"));
        try (TaskDriver driver = FakeYouTube.start(searchContext())) {
            assertThatThrownBy(driver::poll).isInstanceOf(CredentialsRejectedException.class)
                    .hasMessageStartingWith("credentials rejected by YouTube: HTTP 403 keyInvalid");
        }
    }

    @Test
    void an_api_not_enabled_for_the_project_says_how_to_enable_it() {
        youtube.search().respond(error(403, "error-api-disabled.json"));
        try (TaskDriver driver = FakeYouTube.start(searchContext())) {
            assertThatThrownBy(driver::poll).isInstanceOf(FatalSourceException.class)
                    .isNotInstanceOf(CredentialsRejectedException.class)
                    .hasMessageStartingWith("the YouTube Data API v3 is not enabled for the Google Cloud project of "
                            + "this API key; enable it in the Google Cloud console");
        }
    }

    @Test
    void being_rate_limited_backs_the_source_off() {
        youtube.search().respond(error(403, "error-rate-limit.json"));
        try (TaskDriver driver = FakeYouTube.start(searchContext())) {
            assertThatThrownBy(driver::poll).isInstanceOf(RetriableException.class)
                    .isNotInstanceOf(QuotaExceededException.class)
                    .hasMessageStartingWith("rate limited by YouTube")
                    .satisfies(e -> assertThat(((RetriableException) e).retryAfter()).contains(Duration.ofMinutes(5)));
        }
    }

    @Test
    void a_youtube_outage_makes_the_partition_wait_and_ends_the_poll() throws InterruptedException {
        youtube.search().thenOnce(error(503, "error-backend.json").header("Retry-After", "120"))
                .respond(ok("search-empty.json"));
        youtube.threads().respond(ok("threads-empty.json"));
        TestTaskContext context = context("queries", List.of("acme rocket"), "channels",
                List.of(FakeYouTube.ACME));
        try (TaskDriver driver = FakeYouTube.start(context)) {
            PollResult result = driver.poll();
            assertThat(result.hasMore()).isFalse();
            assertThat(youtube.requests("commentThreads")).as("no further calls while YouTube fails").isEmpty();
            assertThat(context.waitingPartitions()).containsOnlyKeys("search:acme rocket");
            TestTaskContext.Waiting waiting = context.waitingPartitions().get("search:acme rocket");
            assertThat(waiting.until()).isEqualTo(Instant.parse("2026-11-20T10:02:00Z"));
            assertThat(waiting.message()).isEqualTo("YouTube answered HTTP 503 to search: The service is currently "
                    + "unavailable.; trying again after 2026-11-20T10:02:00Z");

            driver.poll();
            assertThat(youtube.requests("search")).as("still waiting").hasSize(1);
            assertThat(youtube.requests("commentThreads")).hasSize(1);

            clock.advance(Duration.ofMinutes(2));
            driver.poll();
        }
        assertThat(youtube.requests("search")).hasSize(2);
        assertThat(context.waitingPartitions()).isEmpty();
    }

    @Test
    void a_malformed_answer_is_treated_as_a_passing_failure() throws InterruptedException {
        youtube.search().respond(Reply.ok("application/json", "{\"kind\": \"youtube#searchListResponse\", \"items\": ["));
        TestTaskContext context = searchContext();
        try (TaskDriver driver = FakeYouTube.start(context)) {
            driver.poll();
        }
        assertThat(context.waitingPartitions().get("search:acme rocket").message())
                .startsWith("YouTube answered search with malformed JSON");
    }

    @Test
    void a_query_youtube_refuses_is_reported_and_the_other_queries_go_on() throws InterruptedException {
        youtube.search().respond(r -> r.param("q").equals("bad|query")
                ? error(400, "error-invalid-search.json") : ok("search-p2.json"));
        TestTaskContext context = context("queries", List.of("bad|query", "acme rocket"),
                "commentsOnFoundVideos", false);
        List<Mention> all;
        try (TaskDriver driver = FakeYouTube.start(context)) {
            all = driver.drain(5);
        }

        assertThat(all).hasSize(2);
        assertThat(context.failedPartitions()).containsOnlyKeys("search:bad|query");
        assertThat(context.failedPartitions().get("search:bad|query")).isEqualTo("YouTube refused the search "
                + "(YouTube answered HTTP 400 to search: Request contains an invalid argument.); check the query");
    }

    @Test
    void malformed_items_are_skipped_and_the_rest_collected() throws InterruptedException {
        youtube.search().respond(Reply.ok("application/json", """
                {"kind": "youtube#searchListResponse", "items": [
                  {"kind": "youtube#searchResult", "id": {"kind": "youtube#channel", "channelId": "UCacmeOfficial000000000A"}},
                  {"kind": "youtube#searchResult", "id": {"kind": "youtube#video"}},
                  {"kind": "youtube#searchResult"},
                  {"kind": "youtube#searchResult", "id": {"kind": "youtube#video", "videoId": "Zb3_mN8vQ1s"},
                   "snippet": {"title": "no date"}},
                  {"kind": "youtube#searchResult", "id": {"kind": "youtube#video", "videoId": "Mm0noSnippt"}}
                ]}"""));
        List<Mention> all;
        try (TaskDriver driver = FakeYouTube.start(searchContext())) {
            all = driver.drain(3);
        }

        assertThat(all).extracting(Mention::id).containsExactly("youtube:Zb3_mN8vQ1s", "youtube:Mm0noSnippt");
        assertThat(all.get(0).title()).as("from videos.list").isEqualTo("Acme Rocket X2 – test baterii po tygodniu");
        assertThat(all.get(1).title()).isNull();
        assertThat(all.get(1).url()).isEqualTo("https://www.youtube.com/watch?v=Mm0noSnippt");
    }

    @Test
    void mentions_read_before_a_source_failure_are_handed_over_first() throws InterruptedException {
        youtube.search().respond(r -> r.param("q").equals("second")
                ? error(400, "error-key-invalid.json") : ok("search-p2.json"));
        TestTaskContext context = context("queries", List.of("first", "second"), "commentsOnFoundVideos", false);
        try (TaskDriver driver = FakeYouTube.start(context)) {
            PollResult result = driver.poll();
            assertThat(SearchTest.mentions(result)).hasSize(2);
            assertThat(result.hasMore()).isTrue();
            assertThatThrownBy(driver::poll).isInstanceOf(CredentialsRejectedException.class);
        }
        assertThat(context.checkpoint("search:first")).isPresent();
    }

    @Test
    void the_api_key_never_appears_in_what_the_user_sees() throws InterruptedException {
        HttpFetcher refusing = HttpFetcher.builder().userAgent("Earshot-test")
                .policy(uri -> {
                    throw new BlockedUrlException("the address " + uri + " is not allowed");
                }).build();
        TestTaskContext context = TestTaskContext.forSource(new YouTubeSource(),
                youtube.config("queries", List.of("acme rocket"), "channels", List.of(FakeYouTube.ACME)), refusing, clock);
        try (TaskDriver driver = FakeYouTube.start(context)) {
            driver.poll();
            clock.advance(Duration.ofHours(1));
            driver.poll();
        }

        assertThat(context.waitingPartitions()).isNotEmpty();
        assertThat(context.waitingPartitions().values()).allSatisfy(w -> assertThat(w.message())
                .startsWith("could not reach YouTube: the address").contains("key=********").doesNotContain(KEY));
        assertThat(context.status().values()).allSatisfy(s -> assertThat(s).doesNotContain(KEY));
        assertThat(context.config().toString()).doesNotContain(KEY);
    }
}
