package io.earshot.plugins.x;

import static io.earshot.plugins.x.FakeX.byId;
import static io.earshot.plugins.x.FakeX.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.earshot.api.Author;
import io.earshot.api.Checkpoint;
import io.earshot.api.Engagement;
import io.earshot.api.Mention;
import io.earshot.api.PollResult;
import io.earshot.plugins.testkit.ReplayServer.RecordedRequest;
import io.earshot.plugins.testkit.TaskDriver;
import io.earshot.plugins.testkit.TestTaskContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Posts matching a query are collected once each, with authors, reach, threads and full texts. */
class SearchTest {

    static final String POLISH = "2123717653427154944";
    static final String GREEK_REPLY = "2123716739068882945";
    static final String REPOST = "2123715778573266946";
    static final String QUOTE = "2123714948101074947";
    static final String MEDIA = "2123712955806674948";
    static final String RUSSIAN = "2123710732825554944";
    static final String PERSIAN = "2123708111385554945";
    static final String ACME_POST = "2123687789982674944";
    static final String SUPPORT_POST = "2123680240235474944";
    static final String EDIT_ORIGINAL = "2123720505553874945";
    static final String EDIT_LATEST = "2123721638015954946";
    static final String LATER = "2123723022136274947";

    private final FakeX x = new FakeX();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));

    @AfterEach
    void close() {
        x.close();
    }

    private List<Mention> firstRun(TestTaskContext context) throws InterruptedException {
        x.search().thenOnce(ok("search-p1.json")).thenOnce(ok("search-p2.json"));
        try (TaskDriver driver = FakeX.start(context)) {
            return driver.drain(5);
        }
    }

    @Test
    void the_first_search_reads_the_look_back_page_by_page() throws InterruptedException {
        x.search().thenOnce(ok("search-p1.json")).thenOnce(ok("search-p2.json"));
        List<Mention> all = new ArrayList<>();
        try (TaskDriver driver = FakeX.start(FakeX.context(x.config(), clock))) {
            PollResult first = driver.poll();
            assertThat(first.hasMore()).isTrue();
            all.addAll(FakeX.mentions(first));
            all.addAll(driver.drain(5));
        }

        assertThat(all).extracting(Mention::nativeId)
                .containsExactly(POLISH, GREEK_REPLY, REPOST, QUOTE, MEDIA, RUSSIAN, PERSIAN);
        List<RecordedRequest> requests = x.requests();
        assertThat(requests).hasSize(2);
        RecordedRequest first = requests.getFirst();
        assertThat(first.header("authorization")).isEqualTo("Bearer " + FakeX.TOKEN);
        assertThat(first.param("query")).isEqualTo("acme rocket");
        assertThat(first.param("max_results")).isEqualTo("100");
        assertThat(first.param("sort_order")).isEqualTo("recency");
        assertThat(first.param("start_time")).isEqualTo("2026-11-20T09:00:00Z");
        assertThat(first.param("since_id")).isNull();
        assertThat(first.param("expansions")).isEqualTo("author_id,referenced_tweets.id,geo.place_id");
        assertThat(first.param("tweet.fields")).contains("created_at", "lang", "public_metrics", "conversation_id",
                "referenced_tweets", "entities", "geo", "note_tweet", "edit_history_tweet_ids");
        assertThat(first.param("user.fields")).isEqualTo("public_metrics,verified,username,name");
        assertThat(first.param("place.fields")).isEqualTo("country_code,full_name");
        assertThat(requests.get(1).param("next_token")).isEqualTo("b26v89c19zqg8o3fpds6r3kn0pyuo2mws3d2o8yq2bpdp");
        assertThat(requests.get(1).param("start_time")).isEqualTo("2026-11-20T09:00:00Z");
    }

    @Test
    void a_post_carries_its_author_reach_place_and_links() throws InterruptedException {
        Mention post = byId(firstRun(FakeX.context(x.config(), clock)), "x:" + POLISH);

        assertThat(post.platform()).isEqualTo("x");
        assertThat(post.url()).isEqualTo("https://x.com/kasia_tech/status/" + POLISH);
        assertThat(post.text()).isEqualTo("Nowy #AcmeRocket X2 już w sklepach! Cena & dostępność: "
                + "https://acme.example/pl/x2?utm_source=x&color=blue");
        assertThat(post.lang()).isEqualTo("pl");
        assertThat(post.publishedAt()).isEqualTo(Instant.parse("2026-11-20T09:58:40Z"));
        assertThat(post.author()).isEqualTo(new Author("2849301112", "kasia_tech", "Kasia | Technologia",
                "https://x.com/kasia_tech", 5_230L, false));
        assertThat(post.engagement()).isEqualTo(new Engagement(12L, 3L, 2L, 1_540L));
        assertThat(post.country()).isEqualTo("PL");
        assertThat(post.hashtags()).containsExactly("acmerocket");
        assertThat(post.links()).containsExactly("https://acme.example/pl/x2?color=blue");
        assertThat(post.parentId()).isNull();
        assertThat(post.extras()).containsEntry("quoteCount", 1L).containsEntry("conversationId", POLISH)
                .containsEntry("query", "acme rocket");
    }

    @Test
    void replies_quotes_and_reposts_point_to_their_parent() throws InterruptedException {
        List<Mention> all = firstRun(FakeX.context(x.config(), clock));

        Mention reply = byId(all, "x:" + GREEK_REPLY);
        assertThat(reply.parentId()).isEqualTo("x:" + SUPPORT_POST);
        assertThat(reply.lang()).isEqualTo("el");
        assertThat(reply.mentions()).containsExactly("AcmeSupport");
        assertThat(reply.extras()).containsEntry("replyTo", SUPPORT_POST).containsEntry("inReplyToUserId", "15013370")
                .containsEntry("conversationId", SUPPORT_POST);

        Mention quote = byId(all, "x:" + QUOTE);
        assertThat(quote.parentId()).isEqualTo("x:" + ACME_POST);
        assertThat(quote.text()).isEqualTo("200 MP in a phone? Let's see the night shots first >_< "
                + "https://x.com/AcmeOfficial/status/" + ACME_POST);
        assertThat(quote.author().verified()).isTrue();
        assertThat(quote.author().followers()).isEqualTo(88_012L);
        assertThat(quote.engagement().views()).isEqualTo(23_011L);
        assertThat(quote.extras()).containsEntry("quoteOf", ACME_POST).containsEntry("bookmarkCount", 5L);

        Mention repost = byId(all, "x:" + REPOST);
        assertThat(repost.parentId()).isEqualTo("x:" + ACME_POST);
        assertThat(repost.extras()).containsEntry("repostOf", ACME_POST);
        assertThat(repost.text()).as("the whole reposted post, not X's cut").startsWith("RT @AcmeOfficial: Meet the Acme")
                .endsWith("a free travel case & two years of warranty. Tell us which colour you want! #AcmeRocket "
                        + "https://acme.example/x2");
        assertThat(repost.hashtags()).containsExactly("acmerocket");
    }

    @Test
    void a_suspended_or_deleted_author_is_known_by_id_only() throws InterruptedException {
        Mention repost = byId(firstRun(FakeX.context(x.config(), clock)), "x:" + REPOST);

        assertThat(repost.author()).isEqualTo(new Author("1457000000000000001", null, null, null, null, null));
        assertThat(repost.url()).isEqualTo("https://x.com/i/status/" + REPOST);
        assertThat(repost.extras()).containsEntry("authorUnavailable", "User has been suspended: [1457000000000000001].");
    }

    @Test
    void long_posts_are_whole_and_media_only_posts_have_no_language() throws InterruptedException {
        List<Mention> all = firstRun(FakeX.context(x.config(), clock));

        Mention russian = byId(all, "x:" + RUSSIAN);
        assertThat(russian.text()).startsWith("Кто-нибудь уже купил Acme Rocket X2?")
                .endsWith("Заранее спасибо всем, кто ответит!").doesNotContain("…");
        assertThat(russian.lang()).isEqualTo("ru");
        assertThat(byId(all, "x:" + PERSIAN).lang()).isEqualTo("fa");

        Mention media = byId(all, "x:" + MEDIA);
        assertThat(media.lang()).as("zxx: no linguistic content").isNull();
        assertThat(media.links()).as("a post's own photo is no link it shares").isEmpty();
        assertThat(media.engagement().shares()).isZero();
    }

    @Test
    void the_next_search_asks_only_for_posts_newer_than_the_newest_collected() throws InterruptedException {
        x.search().thenOnce(ok("search-p1.json")).thenOnce(ok("search-p2.json")).thenOnce(ok("search-later.json"));
        List<Mention> later;
        try (TaskDriver driver = FakeX.start(FakeX.context(x.config(), clock))) {
            driver.drain(5);
            clock.advance(Duration.ofMinutes(25));
            later = driver.drain(5);
        }

        RecordedRequest third = x.requests().get(2);
        assertThat(third.param("since_id")).isEqualTo(POLISH);
        assertThat(third.param("start_time")).isNull();
        assertThat(third.param("next_token")).isNull();
        assertThat(later).extracting(Mention::nativeId).containsExactly(LATER, EDIT_ORIGINAL);
    }

    @Test
    void an_edited_post_keeps_its_first_id_and_shows_its_latest_text() throws InterruptedException {
        x.search().thenOnce(ok("search-later.json"));
        List<Mention> all;
        try (TaskDriver driver = FakeX.start(FakeX.context(x.config(), clock))) {
            all = driver.drain(3);
        }

        Mention edited = byId(all, "x:" + EDIT_ORIGINAL);
        assertThat(edited.text()).isEqualTo("Night shots of the Acme Rocket X2 are actually good. I stand corrected.");
        assertThat(edited.url()).isEqualTo("https://x.com/skeptic_buyer/status/" + EDIT_LATEST);
        assertThat(edited.extras()).containsEntry("editHistory", List.of(EDIT_ORIGINAL, EDIT_LATEST));
        assertThat(all).hasSize(2);
    }

    @Test
    void an_older_version_met_after_the_edit_does_not_replace_it() throws InterruptedException {
        ObjectNode later = (ObjectNode) FakeX.fixture("search-later.json");
        ArrayNode data = later.withArray("data");
        ObjectNode pageOne = later.deepCopy();
        pageOne.withArray("data").removeAll().add(data.get(1));
        pageOne.with("meta").put("next_token", "next-page");
        ObjectNode pageTwo = later.deepCopy();
        pageTwo.withArray("data").removeAll().add(data.get(2));
        pageTwo.with("meta").remove("newest_id");
        x.search().thenOnce(ok(pageOne)).thenOnce(ok(pageTwo));
        List<Mention> all;
        try (TaskDriver driver = FakeX.start(FakeX.context(x.config(), clock))) {
            all = driver.drain(3);
        }

        assertThat(all).singleElement().satisfies(m ->
                assertThat(m.text()).isEqualTo("Night shots of the Acme Rocket X2 are actually good. I stand corrected."));
    }

    @Test
    void a_search_that_found_nothing_is_followed_by_one_from_where_it_started() throws InterruptedException {
        x.search().respond(ok("search-empty.json"));
        try (TaskDriver driver = FakeX.start(FakeX.context(x.config(), clock))) {
            driver.drain(3);
            clock.advance(Duration.ofMinutes(5));
            driver.drain(3);
        }

        assertThat(x.requests()).extracting(r -> r.param("start_time"))
                .containsExactly("2026-11-20T09:00:00Z", "2026-11-20T09:59:00Z");
    }

    @Test
    void a_newest_post_older_than_seven_days_gives_way_to_a_start_time() throws InterruptedException {
        x.search().respond(ok("search-empty.json"));
        TestTaskContext context = FakeX.context(x.config(), clock);
        // the source was paused for 8 days: since_id would be refused by X
        context.commit(new Checkpoint("query:acme rocket", "{\"v\":1,\"since\":\"2120000000000000000\"}"));
        try (TaskDriver driver = FakeX.start(context)) {
            driver.drain(3);
        }

        RecordedRequest request = x.requests().getFirst();
        assertThat(request.param("since_id")).isNull();
        assertThat(request.param("start_time")).isEqualTo("2026-11-13T10:02:00Z");
    }

    @Test
    void a_since_id_x_refuses_is_replaced_by_a_start_time() throws InterruptedException {
        x.search().thenOnce(FakeX.error(400, "error-since-id.json")).respond(ok("search-p2.json"));
        TestTaskContext context = FakeX.context(x.config(), clock);
        context.commit(new Checkpoint("query:acme rocket", "{\"v\":1,\"since\":\"" + POLISH + "\"}"));
        List<Mention> all;
        try (TaskDriver driver = FakeX.start(context)) {
            all = driver.drain(3);
        }

        assertThat(x.requests()).hasSize(2);
        assertThat(x.requests().get(1).param("since_id")).isNull();
        assertThat(x.requests().get(1).param("start_time")).isEqualTo("2026-11-13T10:02:00Z");
        assertThat(all).hasSize(2);
        assertThat(context.failedPartitions()).isEmpty();
    }
}
