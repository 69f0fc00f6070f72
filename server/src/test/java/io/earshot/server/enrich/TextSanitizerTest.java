package io.earshot.server.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.api.Author;
import io.earshot.api.Mention;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Mention text is written by strangers: what is stored is plain, safe text. */
class TextSanitizerTest {

    @Test
    void hostile_html_is_reduced_to_its_visible_text() {
        String hostile = "<p>Great <b>product</b>!</p><script>alert('x')</script><img src=x onerror=alert(1)>"
                + "<iframe src=\"https://evil\"></iframe><style>body{}</style><p>Second&nbsp;para &amp; more</p>";
        String text = TextSanitizer.plainText(hostile, 1000);
        assertThat(text).isEqualTo("Great product!\n\nSecond para & more");
        assertThat(text).doesNotContain("<", "alert", "evil", "body{}");
    }

    @Test
    void plain_text_with_angle_brackets_is_left_alone() {
        assertThat(TextSanitizer.plainText("I <3 this, and 2 < 3 > 1", 100)).isEqualTo("I <3 this, and 2 < 3 > 1");
        assertThat(TextSanitizer.plainText("AT&T is down", 100)).isEqualTo("AT&T is down");
    }

    @Test
    void control_characters_go_unicode_is_normalised_and_scripts_survive() {
        String text = TextSanitizer.plainText("Привет\u0000 мир\u200B! Ελληνικά e\u0301 سلام\r\n\r\n\r\n\r\nend", 100);
        assertThat(text).isEqualTo("Привет мир! Ελληνικά é سلام\n\nend");
    }

    @Test
    void white_space_is_tidied_and_clean_text_is_returned_as_is() {
        assertThat(TextSanitizer.plainText("  a \t b\u00A0 c \n\n\n\n d \r\n e\u200B ", 100)).isEqualTo("a b c\n\nd\ne");
        String clean = "Already clean.\n\nTwo paragraphs, one space each.";
        assertThat(TextSanitizer.plainText(clean, 100)).isSameAs(clean);
        assertThat(TextSanitizer.plainText(" \t\n ", 100)).isNull();
    }

    @Test
    void long_text_is_cut_at_a_word_with_an_ellipsis_and_never_splits_a_surrogate_pair() {
        String text = TextSanitizer.plainText("word ".repeat(100), 52);
        assertThat(text).hasSizeLessThanOrEqualTo(52).endsWith("…");
        String emoji = TextSanitizer.plainText("😀".repeat(40), 11);
        assertThat(emoji.codePoints().allMatch(cp -> cp == 0x1F600 || cp == '…')).isTrue();
    }

    @Test
    void normalise_sets_server_fields_and_refuses_script_links() {
        Instant now = Instant.parse("2026-11-22T10:00:00Z");
        NormaliseStage stage = new NormaliseStage(Clock.fixed(now, ZoneOffset.UTC));
        Mention raw = Mention.builder().platform("web").nativeId("1")
                .title("  <b>Breaking</b>\n news ")
                .text("<a href=\"javascript:alert(1)\">click</a>")
                .url("javascript:alert(1)")
                .lang("EN-us")
                .country("gb")
                .author(new Author(null, "@someone", "<i>Some</i> One", "javascript:x", 10L, null))
                .build();
        Mention m = stage.apply(raw, new Stage.SourceInfo("ws", "src-1", "rss"));
        assertThat(m.workspace()).isEqualTo("ws");
        assertThat(m.sourceId()).isEqualTo("src-1");
        assertThat(m.source()).isEqualTo("rss");
        assertThat(m.collectedAt()).isEqualTo(now);
        assertThat(m.publishedAt()).isEqualTo(now);
        assertThat(m.title()).isEqualTo("Breaking news");
        assertThat(m.text()).isEqualTo("click");
        assertThat(m.url()).isNull();
        assertThat(m.lang()).isEqualTo("en");
        assertThat(m.country()).isEqualTo("GB");
        assertThat(m.author().handle()).isEqualTo("someone");
        assertThat(m.author().name()).isEqualTo("Some One");
        assertThat(m.author().url()).isNull();
    }
}
