package io.earshot.plugins.youtube;

import static io.earshot.plugins.youtube.FakeYouTube.ACME;
import static io.earshot.plugins.youtube.FakeYouTube.error;
import static io.earshot.plugins.youtube.FakeYouTube.ok;
import static io.earshot.plugins.youtube.SearchTest.byId;
import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.api.Author;
import io.earshot.api.Engagement;
import io.earshot.api.Mention;
import io.earshot.plugins.testkit.ReplayServer.RecordedRequest;
import io.earshot.plugins.testkit.TaskDriver;
import io.earshot.plugins.testkit.TestTaskContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Comments on chosen channels and on the videos the queries find, with replies linked to what they answer. */
class CommentsTest {

    private static final String TOP = "UgzQ1aaaaaaaaaaaaaaaaaaa";

    private final FakeYouTube youtube = new FakeYouTube();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));

    @AfterEach
    void close() {
        youtube.close();
    }

    private TestTaskContext channelContext(List<String> channels) {
        return FakeYouTube.context(youtube.config("channels", channels), clock);
    }

    @Test
    void a_channels_comments_and_replies_are_collected_back_to_the_first_look_back() throws InterruptedException {
        youtube.threads().thenOnce(ok("threads-channel-p1.json")).thenOnce(ok("threads-channel-p2.json"));
        TestTaskContext context = channelContext(List.of(ACME));
        List<Mention> all;
        try (TaskDriver driver = FakeYouTube.start(context)) {
            all = driver.drain(5);
        }

        assertThat(all).extracting(Mention::nativeId).containsExactly(TOP, TOP + ".9xR1bbbbbbb", TOP + ".9xR2ccccccc",
                "UgyQ2ddddddddddddddddddd", "UgxQ3eeeeeeeeeeeeeeeeeee", "UgwQ5ggggggggggggggggggg");
        List<RecordedRequest> requests = youtube.requests("commentThreads");
        assertThat(requests).as("the second page reached comments older than the look back: no third page").hasSize(2);
        assertThat(requests.getFirst().param("allThreadsRelatedToChannelId")).isEqualTo(ACME);
        assertThat(requests.getFirst().param("order")).isEqualTo("time");
        assertThat(requests.getFirst().param("part")).isEqualTo("snippet,replies");
        assertThat(requests.getFirst().param("textFormat")).isEqualTo("plainText");
        assertThat(requests.getFirst().param("maxResults")).isEqualTo("100");
        assertThat(requests.get(1).param("pageToken")).isEqualTo("QURTSl9p");
        assertThat(context.failedPartitions()).isEmpty();
    }

    @Test
    void a_comment_belongs_to_its_video_and_a_reply_to_its_comment() throws InterruptedException {
        youtube.threads().thenOnce(ok("threads-channel-p1.json")).thenOnce(ok("threads-channel-p2.json"));
        List<Mention> all;
        try (TaskDriver driver = FakeYouTube.start(channelContext(List.of(ACME)))) {
            all = driver.drain(5);
        }

        Mention top = byId(all, "youtube:" + TOP);
        assertThat(top.parentId()).isEqualTo("youtube:Ac1meLaunch");
        assertThat(top.url()).isEqualTo("https://www.youtube.com/watch?v=Ac1meLaunch&lc=" + TOP);
        assertThat(top.text()).isEqualTo("The X2 launch event was great, when does it ship to Poland?");
        assertThat(top.publishedAt()).isEqualTo(Instant.parse("2026-11-20T09:50:00Z"));
        assertThat(top.engagement()).isEqualTo(new Engagement(14L, null, 2L, null));
        assertThat(top.author()).isEqualTo(new Author("UCfanOfRockets000000000A", "rocketfan", "@rocketfan",
                "https://www.youtube.com/channel/UCfanOfRockets000000000A", null, null));
        assertThat(top.extras()).containsEntry("kind", "comment").containsEntry("videoId", "Ac1meLaunch")
                .containsEntry("channelId", ACME);

        Mention reply = byId(all, "youtube:" + TOP + ".9xR1bbbbbbb");
        assertThat(reply.parentId()).isEqualTo("youtube:" + TOP);
        assertThat(reply.text()).isEqualTo("Shipping to Poland starts on 1 December!");
        assertThat(reply.extras()).containsEntry("kind", "reply").containsEntry("videoId", "Ac1meLaunch");

        Mention edited = byId(all, "youtube:UgyQ2ddddddddddddddddddd");
        assertThat(edited.extras()).containsEntry("editedAt", "2026-11-20T09:45:00Z");

        Mention deletedAccount = byId(all, "youtube:UgxQ3eeeeeeeeeeeeeeeeeee");
        assertThat(deletedAccount.author()).isEqualTo(new Author(null, null, "Former user", null, null, null));
    }

    @Test
    void a_later_read_collects_only_newer_comments_and_stops_at_known_ones() throws InterruptedException {
        youtube.threads().thenOnce(ok("threads-channel-p1.json")).thenOnce(ok("threads-channel-p2.json"))
                .thenOnce(ok("threads-channel-later.json"));
        try (TaskDriver driver = FakeYouTube.start(channelContext(List.of(ACME)))) {
            driver.drain(5);
            clock.advance(Duration.ofMinutes(30));

            assertThat(driver.drain(5)).extracting(Mention::nativeId).containsExactly("UgvQ6hhhhhhhhhhhhhhhhhhh");
        }
        assertThat(youtube.requests("commentThreads")).hasSize(3);
        assertThat(youtube.requests("commentThreads").get(2).param("pageToken")).isNull();
    }

    @Test
    void the_comments_on_videos_the_queries_find_are_followed() throws InterruptedException {
        youtube.search().thenOnce(ok("search-p1.json")).respond(ok("search-empty.json"));
        youtube.threads().respond(r -> r.param("videoId").equals("aR7kPq2xW9c") ? ok("threads-video.json")
                : ok("threads-empty.json"));
        TestTaskContext context = FakeYouTube.context(youtube.config("queries", List.of("acme rocket"),
                "maxSearchPages", 1), clock);
        List<Mention> comments;
        try (TaskDriver driver = FakeYouTube.start(context)) {
            driver.drain(5);
            comments = driver.drain(5);
        }

        assertThat(youtube.requests("commentThreads")).extracting(r -> r.param("videoId"))
                .containsExactlyInAnyOrder("aR7kPq2xW9c", "Zb3_mN8vQ1s", "Yt5-hG4kL0e");
        assertThat(comments).extracting(Mention::nativeId)
                .containsExactly("UgzV1iiiiiiiiiiiiiiiiiii", "UgzV2jjjjjjjjjjjjjjjjjjj");
        assertThat(comments.get(0).parentId()).isEqualTo("youtube:aR7kPq2xW9c");
        assertThat(comments.get(1).parentId()).isEqualTo("youtube:UgzV1iiiiiiiiiiiiiiiiiii");
        assertThat(comments.get(1).text()).isEqualTo("Thanks for watching! <3");
        assertThat(context.status().get("pacing")).isEqualTo("the query is searched at most every 22m; comments "
                + "of 3 channels and videos are read at most every 2m, to last the day's quota");
    }

    @Test
    void followed_videos_survive_a_restart_and_are_dropped_after_the_comment_window() throws InterruptedException {
        youtube.search().thenOnce(ok("search-p1.json")).respond(ok("search-empty.json"));
        youtube.threads().respond(ok("threads-empty.json"));
        TestTaskContext context = FakeYouTube.context(youtube.config("queries", List.of("acme rocket"),
                "maxSearchPages", 1, "commentWindow", "1d"), clock);
        try (TaskDriver driver = FakeYouTube.start(context)) {
            driver.drain(5);
        }
        TestTaskContext restarted = context.restarted();
        try (TaskDriver driver = FakeYouTube.start(restarted)) {
            driver.drain(5);
            assertThat(youtube.requests("commentThreads")).hasSize(3);

            clock.advance(Duration.ofHours(25));
            driver.drain(5);
        }

        assertThat(youtube.requests("commentThreads")).as("the window ended: no more comment reads").hasSize(3);
        assertThat(restarted.status().get("pacing")).isEqualTo("the query is searched at most every 15m, to last "
                + "the day's quota");
    }

    @Test
    void a_followed_video_whose_comments_are_turned_off_is_dropped_quietly() throws InterruptedException {
        youtube.search().thenOnce(ok("search-p1.json")).respond(ok("search-empty.json"));
        youtube.threads().respond(r -> r.param("videoId").equals("Yt5-hG4kL0e")
                ? error(403, "error-comments-disabled.json") : ok("threads-empty.json"));
        TestTaskContext context = FakeYouTube.context(youtube.config("queries", List.of("acme rocket"),
                "maxSearchPages", 1), clock);
        try (TaskDriver driver = FakeYouTube.start(context)) {
            driver.drain(5);
            driver.drain(5);
            clock.advance(Duration.ofHours(1));
            driver.drain(5);
        }

        assertThat(youtube.requests("commentThreads")).extracting(r -> r.param("videoId")).filteredOn("Yt5-hG4kL0e"::equals)
                .hasSize(1);
        assertThat(youtube.requests("commentThreads")).extracting(r -> r.param("videoId")).filteredOn("aR7kPq2xW9c"::equals)
                .hasSize(2);
        assertThat(context.failedPartitions()).isEmpty();
        assertThat(context.waitingPartitions()).isEmpty();
    }

    @Test
    void a_channel_given_by_handle_is_looked_up_once() throws InterruptedException {
        youtube.threads().respond(ok("threads-empty.json"));
        TestTaskContext context = channelContext(List.of("https://www.youtube.com/@acme"));
        try (TaskDriver driver = FakeYouTube.start(context)) {
            driver.drain(5);
        }
        try (TaskDriver driver = FakeYouTube.start(context.restarted())) {
            clock.advance(Duration.ofMinutes(5));
            driver.drain(5);
        }

        assertThat(youtube.requests("channels")).singleElement()
                .satisfies(r -> assertThat(r.param("forHandle")).isEqualTo("@acme"));
        assertThat(youtube.requests("commentThreads")).hasSize(2)
                .allSatisfy(r -> assertThat(r.param("allThreadsRelatedToChannelId")).isEqualTo(ACME));
        assertThat(context.failedPartitions()).isEmpty();
    }

    @Test
    void a_channel_that_does_not_exist_is_reported_and_the_others_go_on() throws InterruptedException {
        String missing = "UCnoSuchChannel00000000A";
        youtube.threads().respond(r -> r.param("allThreadsRelatedToChannelId").equals(missing)
                ? error(404, "error-channel-not-found.json") : ok("threads-channel-later.json"));
        TestTaskContext context = channelContext(List.of(missing, ACME, "@nobodyhere"));
        List<Mention> all;
        try (TaskDriver driver = FakeYouTube.start(context)) {
            all = driver.drain(5);
        }

        assertThat(all).isNotEmpty();
        assertThat(context.failedPartitions()).containsOnlyKeys("channel:" + missing, "channel:@nobodyhere");
        assertThat(context.failedPartitions().get("channel:" + missing)).isEqualTo("YouTube has no channel " + missing
                + " (YouTube answered HTTP 404 to commentThreads: The channel identified with the request's "
                + "channelId parameter cannot be found.); check the channel id");
        assertThat(context.failedPartitions().get("channel:@nobodyhere"))
                .isEqualTo("no YouTube channel has the handle @nobodyhere; check the spelling on the channel's page");
    }

    @Test
    void a_channel_with_comments_turned_off_is_reported() throws InterruptedException {
        youtube.threads().respond(error(403, "error-comments-disabled.json"));
        TestTaskContext context = channelContext(List.of(ACME));
        try (TaskDriver driver = FakeYouTube.start(context)) {
            driver.drain(5);
        }

        assertThat(context.failedPartitions()).containsEntry("channel:" + ACME,
                "comments are turned off on the channel " + ACME);
    }

}
