package io.earshot.plugins.rss;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** HTML from feeds as the plain text users read. */
class HtmlTextTest {

    @Test
    void keeps_paragraphs_and_line_breaks_and_drops_scripts_styles_and_markup() {
        String html = "<div><h2>Update</h2><p>First&nbsp;line<br>second line</p>"
                + "<script>alert('x')</script><style>.a{}</style><ul><li>one</li><li>two</li></ul></div>";

        assertThat(HtmlText.fromHtml(html, 1000)).isEqualTo("Update\n\nFirst line\nsecond line\n\none\ntwo");
    }

    @Test
    void decodes_entities_and_unwraps_html_escaped_twice() {
        assertThat(HtmlText.fromHtml("Fish &amp; chips &ndash; &#8364;5", 100)).isEqualTo("Fish & chips – €5");
        assertThat(HtmlText.fromHtml("&lt;p&gt;Escaped &amp;amp; twice&lt;/p&gt;&lt;p&gt;Second&lt;/p&gt;", 100))
                .isEqualTo("Escaped & twice\n\nSecond");
    }

    @Test
    void plain_titles_with_angle_brackets_or_ampersands_stay_as_written() {
        assertThat(HtmlText.fromMaybeHtml("Why a < b and AT&T matter", 100)).isEqualTo("Why a < b and AT&T matter");
        assertThat(HtmlText.fromMaybeHtml("<b>Bold</b> news", 100)).isEqualTo("Bold news");
    }

    @Test
    void long_text_is_cut_at_a_word_with_an_ellipsis() {
        String text = HtmlText.fromHtml("<p>" + "word ".repeat(10_000) + "</p>", HtmlText.MAX_TEXT);

        assertThat(text).hasSizeLessThanOrEqualTo(HtmlText.MAX_TEXT).endsWith("word…");
    }

    @Test
    void blank_html_is_no_text() {
        assertThat(HtmlText.fromHtml("<p> </p><script>x()</script>", 100)).isNull();
    }
}
