package io.earshot.plugins.bluesky;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.earshot.api.Engagement;
import io.earshot.api.Mention;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What a user sees of a post: text, facets, thread, author, and the same id however it was collected. */
class PostMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode event(int index) throws Exception {
        return JSON.readTree(Fixtures.events().get(index));
    }

    private static Mention fromJetstream(JsonNode event, Profile author) {
        JsonNode commit = event.path("commit");
        return PostMapper.map(new PostMapper.Post(event.path("did").asText(), commit.path("rkey").asText(),
                commit.path("cid").asText(), PostContent.of(commit.path("record")),
                JetstreamReader.instant(event.path("time_us").asLong()), author, null, null, "jetstream", false));
    }

    @Test
    void a_jetstream_post_becomes_a_mention_with_facets_read_by_byte_offsets() throws Exception {
        Mention m = fromJetstream(event(0), new Profile(Fixtures.ANNA, "anna.bsky.social", "Anna Nowak", 1532L, true));

        assertThat(m.id()).isEqualTo("bluesky:" + Fixtures.ANNA + "/3mbq2xkz4tc2a");
        assertThat(m.url()).isEqualTo("https://bsky.app/profile/anna.bsky.social/post/3mbq2xkz4tc2a");
        assertThat(m.text()).startsWith("🎉 Big thanks @ivan.bsky.social for the Earshot demo!");
        assertThat(m.mentions()).containsExactly("ivan.bsky.social");
        assertThat(m.hashtags()).containsExactly("sociallistening");
        assertThat(m.links()).as("the full link, not the shortened text, without tracking")
                .containsExactly("https://earshot.example/slides/2026-03");
        assertThat(m.lang()).isEqualTo("en");
        assertThat(m.publishedAt()).isEqualTo(Instant.parse("2026-03-10T11:59:58.123Z"));
        assertThat(m.parentId()).isEqualTo("bluesky:" + Fixtures.IVAN + "/3mbq2wlxkbk2y");
        assertThat(m.extras()).containsEntry("rootId", "bluesky:" + Fixtures.IVAN + "/3mbq2vz5gzs2c")
                .containsEntry("uri", "at://" + Fixtures.ANNA + "/app.bsky.feed.post/3mbq2xkz4tc2a")
                .containsEntry("via", "jetstream");
        assertThat(m.author().id()).isEqualTo(Fixtures.ANNA);
        assertThat(m.author().handle()).isEqualTo("anna.bsky.social");
        assertThat(m.author().name()).isEqualTo("Anna Nowak");
        assertThat(m.author().url()).isEqualTo("https://bsky.app/profile/anna.bsky.social");
        assertThat(m.author().followers()).isEqualTo(1532);
        assertThat(m.author().verified()).isTrue();
        assertThat(m.engagement()).as("Jetstream does not count likes").isNull();
    }

    @Test
    void the_same_post_from_search_has_the_same_id_and_brings_its_counts() throws Exception {
        JsonNode view = JSON.readTree(Fixtures.text("search-earshot-page1.json")).path("posts").get(0);
        Mention fromSearch = PostMapper.map(new PostMapper.Post(Fixtures.ANNA, "3mbq2xkz4tc2a", view.path("cid").asText(),
                PostContent.of(view.path("record")), Instant.parse(view.path("indexedAt").asText()),
                Profiles.fromView(view.path("author")), new Engagement(34L, 8L, 2L, null), 1L, "search", false));

        assertThat(fromSearch.id()).isEqualTo(fromJetstream(event(0), null).id());
        assertThat(fromSearch.engagement()).isEqualTo(new Engagement(34L, 8L, 2L, null));
    }

    @Test
    void an_author_known_only_by_did_links_to_the_profile_by_did() throws Exception {
        Mention m = fromJetstream(event(2), null);

        assertThat(m.author().handle()).isNull();
        assertThat(m.author().id()).isEqualTo(Fixtures.IVAN);
        assertThat(m.author().url()).isEqualTo("https://bsky.app/profile/" + Fixtures.IVAN);
        assertThat(m.url()).isEqualTo("https://bsky.app/profile/" + Fixtures.IVAN + "/post/3mbq2xm7yeo2c");
        assertThat(m.publishedAt()).as("an offset in createdAt").isEqualTo(Instant.parse("2026-03-10T09:00:00Z"));
        assertThat(m.lang()).isEqualTo("ru");
    }

    @Test
    void an_invalid_handle_is_not_shown() {
        Profile p = new Profile(Fixtures.GONE, "handle.invalid", "", null, null);

        assertThat(p.handle()).isNull();
        assertThat(p.displayName()).isNull();
        assertThat(p.url()).isEqualTo("https://bsky.app/profile/" + Fixtures.GONE);
    }

    @Test
    void odd_creation_times_are_read_and_a_time_in_the_future_gives_way_to_when_bluesky_saw_the_post() throws Exception {
        assertThat(PostMapper.instant("2026-03-10T11:59:59.55049200Z")).isEqualTo(Instant.parse("2026-03-10T11:59:59.550492Z"));
        assertThat(PostMapper.instant("2026-03-10T12:00:00")).isEqualTo(Instant.parse("2026-03-10T12:00:00Z"));
        assertThat(PostMapper.instant("yesterday")).isNull();

        ObjectNode e = (ObjectNode) event(0).deepCopy();
        ((ObjectNode) e.path("commit").path("record")).put("createdAt", "2031-01-01T00:00:00Z");
        Mention m = fromJetstream(e, null);
        assertThat(m.publishedAt()).isEqualTo(JetstreamReader.instant(e.path("time_us").asLong()));
        assertThat(m.extras()).containsEntry("createdAt", "2031-01-01T00:00:00Z");
    }

    @Test
    void hashtags_of_facets_and_link_cards_are_collected_and_regional_languages_reduced() throws Exception {
        Mention m = fromJetstream(event(4), null);

        assertThat(m.hashtags()).containsExactly("opensource");
        assertThat(m.links()).containsExactly("https://releases.example.pl/2.0");
        assertThat(m.lang()).isEqualTo("pl");
        assertThat(m.extras()).containsEntry("embedType", "app.bsky.embed.external");
    }

    @Test
    void facets_pointing_outside_the_text_are_ignored() throws Exception {
        ObjectNode record = JSON.createObjectNode().put("text", "short").put("createdAt", "2026-03-10T12:00:00Z");
        record.putArray("facets").addObject().set("index", JSON.createObjectNode().put("byteStart", 3).put("byteEnd", 99));
        ((ObjectNode) record.path("facets").get(0)).putArray("features").addObject()
                .put("$type", "app.bsky.richtext.facet#mention").put("did", Fixtures.IVAN);

        PostContent c = PostContent.of(record);

        assertThat(c.mentions()).containsExactly(Fixtures.IVAN);
    }
}
