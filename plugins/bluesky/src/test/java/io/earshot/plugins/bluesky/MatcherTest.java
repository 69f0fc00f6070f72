package io.earshot.plugins.bluesky;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which posts a user gets for their keywords, hashtags and languages, in the scripts they work in. */
class MatcherTest {

    private static boolean matches(Matcher m, String text) {
        return m.matches(text, List.of(), List.of(), List.of());
    }

    @Test
    void a_keyword_matches_whole_words_ignoring_case() {
        Matcher m = new Matcher(List.of("Earshot"), List.of(), List.of());

        assertThat(matches(m, "Trying EARSHOT today")).isTrue();
        assertThat(matches(m, "earshot, finally.")).isTrue();
        assertThat(matches(m, "out of earshots")).isFalse();
        assertThat(matches(m, "#earshot rocks")).isTrue();
        assertThat(matches(m, null)).isFalse();
    }

    @Test
    void keywords_in_cyrillic_greek_and_persian_match_ignoring_case() {
        Matcher m = new Matcher(List.of("Сбербанк", "ΕΛΛΑΔΑ", "ایرانسل"), List.of(), List.of());

        assertThat(matches(m, "сбербанк снова лежит")).isTrue();
        assertThat(matches(m, "Ταξίδι στην Ελλαδα")).isTrue();
        assertThat(matches(m, "اینترنت ایرانسل قطع شد")).isTrue();
        assertThat(matches(m, "Клиенты Сбербанка жалуются")).as("inflected forms need *").isFalse();
    }

    @Test
    void a_keyword_ending_in_a_star_also_matches_longer_words_such_as_inflected_forms() {
        Matcher m = new Matcher(List.of("Сбербанк*"), List.of(), List.of());

        assertThat(matches(m, "Клиенты Сбербанка жалуются")).isTrue();
        assertThat(matches(m, "Сбербанку")).isTrue();
        assertThat(matches(m, "МойСбербанк")).isFalse();
        assertThat(m.queries()).containsExactly("Сбербанк");
    }

    @Test
    void a_phrase_matches_across_any_white_space_and_is_searched_quoted() {
        Matcher m = new Matcher(List.of("social listening"), List.of(), List.of());

        assertThat(matches(m, "Social\n  Listening is hard")).isTrue();
        assertThat(matches(m, "social media listening")).isFalse();
        assertThat(m.queries()).containsExactly("\"social listening\"");
    }

    @Test
    void keywords_in_scripts_without_spaces_match_inside_sentences() {
        Matcher m = new Matcher(List.of("東京"), List.of(), List.of());

        assertThat(matches(m, "今日は東京に行きました")).isTrue();
    }

    @Test
    void a_hashtag_matches_tags_of_any_case_and_is_searched_with_its_hash() {
        Matcher m = new Matcher(List.of(), List.of("#OpenSource"), List.of());

        assertThat(m.matches("new release", List.of("opensource"), List.of(), List.of())).isTrue();
        assertThat(m.matches("open source release", List.of("foss"), List.of(), List.of())).isFalse();
        assertThat(m.queries()).containsExactly("#opensource");
    }

    @Test
    void link_cards_and_links_count_as_text() {
        Matcher m = new Matcher(List.of("earshot"), List.of(), List.of());

        assertThat(m.matches("look at this", List.of(), List.of("https://earshot.example/blog", "Release notes"),
                List.of())).isTrue();
    }

    @Test
    void a_language_filter_keeps_posts_declaring_one_of_the_languages() {
        Matcher m = new Matcher(List.of("earshot"), List.of(), List.of("ru", "el"));

        assertThat(m.matches("earshot", List.of(), List.of(), List.of("ru"))).isTrue();
        assertThat(m.matches("earshot", List.of(), List.of(), List.of("en-GB", "el-GR"))).isTrue();
        assertThat(m.matches("earshot", List.of(), List.of(), List.of("en"))).isFalse();
        assertThat(m.matches("earshot", List.of(), List.of(), List.of())).as("no declared language").isFalse();
    }
}
