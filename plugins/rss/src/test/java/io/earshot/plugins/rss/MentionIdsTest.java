package io.earshot.plugins.rss;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.api.Mention;
import io.earshot.plugins.testkit.ReplayServer;
import io.earshot.plugins.testkit.ReplayServer.Reply;
import io.earshot.plugins.testkit.TaskDriver;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Mention ids: the same article has the same id whichever feed (or crawler hashing the same
 * canonical URL) found it, and different items never share one.
 */
class MentionIdsTest {

    private ReplayServer server;

    @BeforeEach
    void startServer() {
        server = ReplayServer.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private List<Mention> poll(String... paths) throws InterruptedException {
        List<String> feeds = java.util.Arrays.stream(paths).map(p -> server.uri(p).toString()).toList();
        try (TaskDriver driver = Fixtures.start(Fixtures.context(Map.of("feeds", feeds)))) {
            return driver.pollMentions();
        }
    }

    private static String rss(String items) {
        return "<rss version=\"2.0\"><channel><title>T</title><link>https://site.example.com/</link>" + items
                + "</channel></rss>";
    }

    private static String sha256Hex32(String s) throws NoSuchAlgorithmException {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 16);
    }

    @Test
    void the_same_article_in_two_feeds_has_one_id_derived_from_its_canonical_url() throws Exception {
        server.on("/one").respond(Reply.ok("application/rss+xml", rss(
                "<item><title>Story</title><link>HTTPS://News.Example.com/world/story-42?utm_source=one&amp;id=7#comments</link></item>")));
        server.on("/two").respond(Reply.ok("application/rss+xml", rss(
                "<item><title>Story (syndicated)</title><link>https://news.example.com:443/world/story-42?id=7&amp;fbclid=AbC</link>"
                        + "<guid>other-guid</guid></item>")));

        List<Mention> mentions = poll("/one", "/two");

        assertThat(mentions).hasSize(2);
        assertThat(mentions).extracting(Mention::id).containsOnly(
                "web:" + sha256Hex32("https://news.example.com/world/story-42?id=7"));
        assertThat(mentions.getFirst().url()).isEqualTo("HTTPS://News.Example.com/world/story-42?id=7#comments");
    }

    @Test
    void items_that_all_link_to_the_home_page_keep_ids_of_their_own() throws InterruptedException {
        server.on("/home-links").respond(Reply.ok("application/rss+xml", rss("""
                <item><title>Monday special</title><link>https://site.example.com/</link><guid>special-mon</guid></item>
                <item><title>Tuesday special</title><link>https://site.example.com/</link><guid>special-tue</guid></item>
                <item><title>Same link twice A</title><link>https://site.example.com/specials</link><guid>a</guid></item>
                <item><title>Same link twice B</title><link>https://site.example.com/specials</link><guid>b</guid></item>
                """)));

        assertThat(poll("/home-links")).extracting(Mention::id).doesNotHaveDuplicates().hasSize(4);
    }

    @Test
    void items_without_a_link_get_ids_from_their_guid_or_title_and_date_that_stay_the_same() throws InterruptedException {
        String feed = rss("""
                <item><title>Notice</title><guid isPermaLink="false">notice-1</guid></item>
                <item><title>Short note</title><pubDate>Tue, 17 Nov 2026 10:00:00 +0000</pubDate></item>
                <item><title>Short note</title><pubDate>Wed, 18 Nov 2026 10:00:00 +0000</pubDate></item>
                """);
        server.on("/a").respond(Reply.ok("application/rss+xml", feed));
        server.on("/b").respond(Reply.ok("application/rss+xml", feed));

        List<Mention> first = poll("/a");
        List<Mention> again = poll("/a");
        List<Mention> otherFeed = poll("/b");

        assertThat(first).extracting(Mention::id).doesNotHaveDuplicates().hasSize(3);
        assertThat(again).extracting(Mention::id).containsExactlyElementsOf(first.stream().map(Mention::id).toList());
        assertThat(otherFeed).extracting(Mention::id).doesNotContainAnyElementsOf(first.stream().map(Mention::id).toList());
    }
}
