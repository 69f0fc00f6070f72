package io.earshot.plugins.youtube;

import static io.earshot.plugins.youtube.FakeYouTube.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.earshot.api.Author;
import io.earshot.api.Engagement;
import io.earshot.api.Mention;
import io.earshot.api.PollResult;
import io.earshot.api.SourceRecord;
import io.earshot.plugins.testkit.ReplayServer.RecordedRequest;
import io.earshot.plugins.testkit.TaskDriver;
import io.earshot.plugins.testkit.TestTaskContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** New videos matching the queries are collected with their statistics, full descriptions and channels. */
class SearchTest {

    private final FakeYouTube youtube = new FakeYouTube();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));

    @AfterEach
    void close() {
        youtube.close();
    }

    private TestTaskContext context(Object... settings) {
        List<Object> all = new ArrayList<>(List.of("queries", List.of("acme rocket"), "commentsOnFoundVideos", false));
        all.addAll(List.of(settings));
        return FakeYouTube.context(youtube.config(all.toArray()), clock);
    }

    static List<Mention> mentions(PollResult result) {
        return result.records().stream().map(SourceRecord::mention).filter(Objects::nonNull).toList();
    }

    static Mention byId(List<Mention> mentions, String id) {
        return mentions.stream().filter(m -> m.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no mention " + id + " among " + mentions.stream().map(Mention::id).toList()));
    }

    @Test
    void the_first_search_collects_the_videos_of_the_last_day_page_by_page() throws InterruptedException {
        youtube.search().thenOnce(ok("search-p1.json")).thenOnce(ok("search-p2.json"));
        List<Mention> all = new ArrayList<>();
        try (TaskDriver driver = FakeYouTube.start(context())) {
            PollResult first = driver.poll();
            assertThat(first.hasMore()).as("a second page is waiting").isTrue();
            all.addAll(mentions(first));
            all.addAll(driver.drain(5));
        }

        assertThat(all).extracting(Mention::id).containsExactly("youtube:aR7kPq2xW9c", "youtube:Zb3_mN8vQ1s",
                "youtube:Yt5-hG4kL0e", "youtube:Pq9wE2rT6yU", "youtube:Dd0deletedX");
        List<RecordedRequest> searches = youtube.requests("search");
        assertThat(searches).hasSize(2);
        RecordedRequest first = searches.get(0);
        assertThat(first.param("part")).isEqualTo("snippet");
        assertThat(first.param("type")).isEqualTo("video");
        assertThat(first.param("order")).isEqualTo("date");
        assertThat(first.param("q")).isEqualTo("acme rocket");
        assertThat(first.param("maxResults")).isEqualTo("50");
        assertThat(first.param("publishedAfter")).isEqualTo("2026-11-19T10:00:00Z");
        assertThat(first.param("key")).isEqualTo(FakeYouTube.KEY);
        assertThat(first.param("pageToken")).isNull();
        assertThat(searches.get(1).param("pageToken")).isEqualTo("CDIQAA");
        assertThat(searches.get(1).param("publishedAfter")).isEqualTo("2026-11-19T10:00:00Z");
    }

    @Test
    void a_video_carries_its_full_description_statistics_language_and_channel() throws InterruptedException {
        youtube.search().thenOnce(ok("search-p1.json")).thenOnce(ok("search-p2.json"));
        List<Mention> all;
        try (TaskDriver driver = FakeYouTube.start(context())) {
            all = driver.drain(5);
        }

        Mention review = byId(all, "youtube:aR7kPq2xW9c");
        assertThat(review.platform()).isEqualTo("youtube");
        assertThat(review.url()).isEqualTo("https://www.youtube.com/watch?v=aR7kPq2xW9c");
        assertThat(review.title()).isEqualTo("Acme Rocket X2 review: worth it? | Tech & Talk");
        assertThat(review.text()).startsWith("We spent a week with the Acme Rocket X2.")
                .contains("the one thing nobody tells you about the charger.", "03:12 Battery");
        assertThat(review.lang()).isEqualTo("en");
        assertThat(review.publishedAt()).isEqualTo(Instant.parse("2026-11-20T09:40:00Z"));
        assertThat(review.engagement()).isEqualTo(new Engagement(812L, null, 97L, 15_234L));
        assertThat(review.author()).isEqualTo(new Author(FakeYouTube.TECH, "techandtalk", "Tech & Talk",
                "https://www.youtube.com/channel/" + FakeYouTube.TECH, 184_000L, null));
        assertThat(review.country()).isEqualTo("US");
        assertThat(review.parentId()).isNull();
        assertThat(review.extras()).containsEntry("kind", "video").containsEntry("duration", "PT12M31S")
                .containsEntry("query", "acme rocket").containsEntry("channelId", FakeYouTube.TECH)
                .containsEntry("tags", List.of("acme", "acme rocket", "x2", "review", "smartphone"));

        Mention polish = byId(all, "youtube:Zb3_mN8vQ1s");
        assertThat(polish.lang()).as("the audio language when the text's is not declared").isEqualTo("pl");
        assertThat(polish.country()).isEqualTo("PL");
        assertThat(polish.author().followers()).isEqualTo(52_300L);

        Mention russian = byId(all, "youtube:Yt5-hG4kL0e");
        assertThat(russian.lang()).as("no language declared: left to Earshot's detection").isNull();
        assertThat(russian.engagement().likes()).as("likes hidden by the channel").isNull();
        assertThat(russian.engagement().views()).isEqualTo(45_012L);
        assertThat(russian.author().followers()).as("subscriber count hidden").isNull();
        assertThat(russian.author().name()).isEqualTo("Обзор техники");

        assertThat(byId(all, "youtube:Pq9wE2rT6yU").lang()).isEqualTo("el");
    }

    @Test
    void a_video_gone_before_its_details_were_read_is_kept_from_the_search_result() throws InterruptedException {
        youtube.search().thenOnce(ok("search-p1.json")).thenOnce(ok("search-p2.json"));
        List<Mention> all;
        try (TaskDriver driver = FakeYouTube.start(context())) {
            all = driver.drain(5);
        }

        Mention gone = byId(all, "youtube:Dd0deletedX");
        assertThat(gone.title()).isEqualTo("Why I returned my Acme Rocket \"X2\" 'Pro'");
        assertThat(gone.text()).isEqualTo("Short version: the charger. Long version & receipts ...");
        assertThat(gone.engagement()).isEqualTo(Engagement.NONE);
        assertThat(gone.author().name()).isEqualTo("Tech & Talk");
        assertThat(gone.extras()).containsEntry("detailsUnavailable", true);
    }

    @Test
    void details_and_channels_are_asked_for_in_batches_of_50() throws InterruptedException {
        youtube.search().thenOnce(ok(youtube.generatedSearchPage("Bt", 50, "PAGE2")))
                .thenOnce(ok(youtube.generatedSearchPage("Ct", 20, null)));
        List<Mention> all;
        try (TaskDriver driver = FakeYouTube.start(context())) {
            all = driver.drain(5);
        }

        assertThat(all).hasSize(70).extracting(Mention::text).allMatch(t -> t.startsWith("full description of "));
        assertThat(youtube.requests("videos")).extracting(r -> r.param("id").split(",").length).containsExactly(50, 20);
        assertThat(youtube.requests("videos")).allSatisfy(r ->
                assertThat(r.param("part")).isEqualTo("snippet,statistics,contentDetails"));
        assertThat(youtube.requests("channels")).as("the channel is remembered").hasSize(1);
    }

    @Test
    void the_next_search_looks_back_from_the_last_one_and_skips_videos_already_collected() throws InterruptedException {
        youtube.search().thenOnce(ok("search-p1.json")).thenOnce(ok("search-p2.json"));
        TestTaskContext context = context();
        try (TaskDriver driver = FakeYouTube.start(context)) {
            driver.drain(5);
            clock.advance(Duration.ofMinutes(30));
            youtube.search().thenOnce(ok(pageWithNewVideoBeforeKnownOnes()));

            List<Mention> second = driver.drain(5);

            assertThat(second).extracting(Mention::id).containsExactly("youtube:Nw1newVideo");
        }
        List<RecordedRequest> searches = youtube.requests("search");
        assertThat(searches).hasSize(3);
        assertThat(searches.get(2).param("publishedAfter"))
                .as("an hour before the last search started: YouTube's index lags behind uploads")
                .isEqualTo("2026-11-20T09:00:00Z");
        assertThat(searches.get(2).param("pageToken")).isNull();
        assertThat(youtube.requests("videos").getLast().param("id")).isEqualTo("Nw1newVideo");
    }

    @Test
    void searches_are_spread_over_the_day_to_last_the_quota() throws InterruptedException {
        youtube.search().respond(ok("search-empty.json"));
        TestTaskContext context = context();
        try (TaskDriver driver = FakeYouTube.start(context)) {
            driver.poll();
            clock.advance(Duration.ofMinutes(10));
            driver.poll();
            assertThat(youtube.requests("search")).as("not due yet").hasSize(1);
            clock.advance(Duration.ofMinutes(6));
            driver.poll();
        }

        assertThat(youtube.requests("search")).hasSize(2);
        assertThat(context.status().get("pacing"))
                .isEqualTo("the query is searched at most every 15m, to last the day's quota");
    }

    @Test
    void a_query_with_more_new_videos_than_the_page_limit_says_the_oldest_were_skipped() throws InterruptedException {
        youtube.search().thenOnce(ok("search-p1.json"));
        TestTaskContext context = context("maxSearchPages", 1);
        List<Mention> all;
        try (TaskDriver driver = FakeYouTube.start(context)) {
            all = driver.drain(5);
        }

        assertThat(all).hasSize(3);
        assertThat(youtube.requests("search")).hasSize(1);
        assertThat(context.status().get("backlog")).isEqualTo("the query 'acme rocket' had more than 1 page of new "
                + "videos; the oldest were skipped (narrow the query, or raise maxSearchPages)");
    }

    @Test
    void search_options_are_passed_on() throws InterruptedException {
        youtube.search().respond(ok("search-empty.json"));
        try (TaskDriver driver = FakeYouTube.start(context("regionCode", "gr", "relevanceLanguage", "el"))) {
            driver.poll();
        }

        RecordedRequest search = youtube.requests("search").getFirst();
        assertThat(search.param("regionCode")).isEqualTo("GR");
        assertThat(search.param("relevanceLanguage")).isEqualTo("el");
    }

    /** A later search page: one new video, then videos collected by the first search, and a next page. */
    private JsonNode pageWithNewVideoBeforeKnownOnes() {
        ObjectNode page = (ObjectNode) FakeYouTube.fixture("search-p1.json");
        page.put("nextPageToken", "CGQQAA");
        ObjectNode fresh = page.withArray("items").get(0).deepCopy();
        fresh.with("id").put("videoId", "Nw1newVideo");
        fresh.with("snippet").put("publishedAt", "2026-11-20T10:20:00Z").put("title", "Acme Rocket X2 unboxing");
        page.withArray("items").insert(0, fresh);
        ObjectNode details = FakeYouTube.fixture("videos-library.json").path("items").get(0).deepCopy();
        details.put("id", "Nw1newVideo");
        details.with("snippet").put("title", "Acme Rocket X2 unboxing");
        youtube.addVideo(details);
        return page;
    }
}
