package io.earshot.plugins.mastodon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.earshot.api.Mention;
import io.earshot.api.Urls;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a user sees of a status: text, author, engagement, thread, boosts, ids shared across instances. */
class StatusMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INSTANCE = "https://mastodon.example";

    private final List<JsonNode> page = new ArrayList<>();
    private StatusMapper mapper;

    @BeforeEach
    void read() throws Exception {
        JSON.readTree(Fixtures.text("tag-opensource.json")).forEach(page::add);
        mapper = new StatusMapper(false);
    }

    /** Maps the page oldest first, as the task does, and returns the mention of status {@code index} (newest first). */
    private Mention mapped(int index) {
        Mention wanted = null;
        for (int i = page.size() - 1; i >= 0; i--) {
            StatusMapper.Result r = mapper.map(page.get(i), INSTANCE);
            if (i == index) {
                assertThat(r).isInstanceOf(StatusMapper.Mapped.class);
                wanted = ((StatusMapper.Mapped) r).mention();
            }
        }
        return wanted;
    }

    @Test
    void html_content_becomes_plain_text_with_full_links_paragraphs_and_line_breaks() {
        Mention reply = mapped(0);

        assertThat(reply.text()).isEqualTo("""
                Changelog and downloads: https://example.org/releases/2.0?utm_source=mastodon

                Thanks @kostas for testing!
                More soon.""");
        assertThat(reply.links()).containsExactly("https://example.org/releases/2.0");
        assertThat(reply.mentions()).containsExactly("kostas@social.example.gr");
        assertThat(reply.hashtags()).containsExactly("opensource");
    }

    @Test
    void the_id_derives_from_the_status_uri_so_every_instance_gives_the_same_mention() {
        Mention onOurInstance = mapped(1);
        ObjectNode sameStatusElsewhere = ((ObjectNode) page.get(1).deepCopy()).put("id", "998877");
        StatusMapper.Mapped onAnother = (StatusMapper.Mapped) new StatusMapper(false).map(sameStatusElsewhere,
                "https://other.example");

        assertThat(onOurInstance.id())
                .isEqualTo("mastodon:" + Urls.hash("https://social.example.gr/users/kostas/statuses/55501"));
        assertThat(onAnother.mention().id()).isEqualTo(onOurInstance.id());
        assertThat(onAnother.mention().extras()).containsEntry("instance", "other.example").containsEntry("statusId", "998877");
    }

    @Test
    void author_engagement_language_and_time_come_from_the_status() {
        Mention reply = mapped(0);

        assertThat(reply.author().handle()).isEqualTo("anna@mastodon.example");
        assertThat(reply.author().id()).isEqualTo("anna@mastodon.example");
        assertThat(reply.author().name()).isEqualTo("Anna Kowalska 🌿");
        assertThat(reply.author().url()).isEqualTo("https://mastodon.example/@anna");
        assertThat(reply.author().followers()).isEqualTo(1532);
        assertThat(reply.engagement().likes()).isEqualTo(2);
        assertThat(reply.engagement().shares()).isEqualTo(1);
        assertThat(reply.engagement().comments()).isZero();
        assertThat(reply.lang()).isEqualTo("en");
        assertThat(reply.publishedAt()).isEqualTo(Instant.parse("2026-03-10T11:58:42.123Z"));
        assertThat(reply.url()).isEqualTo("https://mastodon.example/@anna/116204760080252933");
        assertThat(reply.platform()).isEqualTo("mastodon");
    }

    @Test
    void a_reply_in_a_local_thread_points_to_its_parent_even_when_the_parent_was_not_seen() {
        Mention parent = mapped(4);
        StatusMapper fresh = new StatusMapper(false);
        Mention reply = ((StatusMapper.Mapped) fresh.map(page.getFirst(), INSTANCE)).mention();

        assertThat(reply.parentId()).isEqualTo(parent.id());
        assertThat(reply.extras()).doesNotContainKey("inReplyToId");
    }

    @Test
    void a_reply_to_an_unknown_remote_status_keeps_the_local_id_of_its_parent() {
        ObjectNode remoteReply = ((ObjectNode) page.get(1).deepCopy()).put("in_reply_to_id", "116204000000000000")
                .put("in_reply_to_account_id", "42");

        Mention m = ((StatusMapper.Mapped) mapper.map(remoteReply, INSTANCE)).mention();

        assertThat(m.parentId()).isNull();
        assertThat(m.extras()).containsEntry("inReplyToId", "116204000000000000");
    }

    @Test
    void a_reply_to_a_status_seen_before_points_to_it_whoever_wrote_it() {
        Mention greek = mapped(1);
        ObjectNode answer = Statuses.local(Instant.parse("2026-03-10T12:01:00Z"), 1, "Ευχαριστώ!");
        answer.put("in_reply_to_id", page.get(1).path("id").asText()).put("in_reply_to_account_id", "110221");

        Mention m = ((StatusMapper.Mapped) mapper.map(answer, INSTANCE)).mention();

        assertThat(m.parentId()).isEqualTo(greek.id());
    }

    @Test
    void the_content_warning_is_the_title_and_sensitivity_and_edits_are_noted() {
        Mention greek = mapped(1);

        assertThat(greek.title()).isEqualTo("Τεχνολογία");
        assertThat(greek.text()).isEqualTo("Η νέα έκδοση είναι εξαιρετική!\n\n#opensource");
        assertThat(greek.lang()).isEqualTo("el");
        assertThat(greek.author().handle()).isEqualTo("kostas@social.example.gr");
        assertThat(greek.extras()).containsEntry("sensitive", true).containsEntry("editedAt", "2026-03-10T11:52:30.000Z");
    }

    @Test
    void a_boost_becomes_the_original_status_with_the_booster_noted() {
        Mention boosted = mapped(2);

        assertThat(boosted.id()).isEqualTo("mastodon:" + Urls.hash("https://polska.example.pl/users/marek/statuses/9911"));
        assertThat(boosted.text()).isEqualTo("Nowa wersja #opensource biblioteki – zobaczcie changelog.");
        assertThat(boosted.lang()).isEqualTo("pl");
        assertThat(boosted.author().handle()).isEqualTo("marek@polska.example.pl");
        assertThat(boosted.author().name()).isEqualTo("Marek :verified:");
        assertThat(boosted.engagement().shares()).isEqualTo(7);
        assertThat(boosted.extras()).containsEntry("reblogBy", "ola@mastodon.example").containsEntry("authorBot", true);
    }

    @Test
    void boosts_are_skipped_when_configured() {
        assertThat(new StatusMapper(true).map(page.get(2), INSTANCE)).isInstanceOf(StatusMapper.Skipped.class);
    }

    @Test
    void a_suspended_author_and_a_status_with_only_a_picture_still_make_a_mention() {
        Mention m = mapped(3);

        assertThat(m.text()).isNull();
        assertThat(m.author().handle()).isEqualTo("gone@closed.example");
        assertThat(m.author().name()).isEqualTo("gone");
        assertThat(m.url()).as("no url: the uri stands in").isEqualTo("https://closed.example/statuses/778899");
        assertThat(m.extras()).containsEntry("mediaCount", 1);
        assertThat(m.lang()).isNull();
    }

    @Test
    void a_status_without_uri_or_url_is_reported_as_malformed_and_one_without_account_has_no_author() {
        ObjectNode noIdentity = ((ObjectNode) page.get(1).deepCopy());
        noIdentity.remove("uri");
        noIdentity.putNull("url");
        ObjectNode noAccount = ((ObjectNode) page.get(1).deepCopy());
        noAccount.remove("account");

        assertThat(mapper.map(noIdentity, INSTANCE)).isInstanceOf(StatusMapper.Malformed.class);
        assertThat(mapper.map(JSON.getNodeFactory().textNode("x"), INSTANCE)).isInstanceOf(StatusMapper.Malformed.class);
        assertThat(((StatusMapper.Mapped) mapper.map(noAccount, INSTANCE)).mention().author()).isNull();
    }

    @Test
    void an_edit_changes_the_version_but_not_the_id() {
        StatusMapper.Mapped before = (StatusMapper.Mapped) mapper.map(page.get(4), INSTANCE);
        ObjectNode edited = ((ObjectNode) page.get(4).deepCopy()).put("edited_at", "2026-03-10T11:25:00.000Z")
                .put("content", "<p>Our release is out today! (edited)</p>");
        StatusMapper.Mapped after = (StatusMapper.Mapped) mapper.map(edited, INSTANCE);

        assertThat(after.mention().id()).isEqualTo(before.mention().id());
        assertThat(after.versionKey()).isNotEqualTo(before.versionKey());
        assertThat(after.mention().text()).isEqualTo("Our release is out today! (edited)");
    }
}
