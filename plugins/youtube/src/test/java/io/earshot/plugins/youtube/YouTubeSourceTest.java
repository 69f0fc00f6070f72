package io.earshot.plugins.youtube;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.api.config.ConfigKey;
import io.earshot.api.config.FieldError;
import io.earshot.api.config.ValidationResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a user sees when configuring a YouTube source. */
class YouTubeSourceTest {

    private final YouTubeSource source = new YouTubeSource();

    private ValidationResult validate(Map<String, ?> raw) {
        ValidationResult spec = source.configSpec().validate(raw);
        return spec.config().map(source::validate).orElse(spec);
    }

    @Test
    void the_type_is_youtube_and_every_setting_is_documented() {
        assertThat(source.descriptor().type()).isEqualTo("youtube");
        assertThat(source.configSpec().keys()).allSatisfy(k -> {
            assertThat(k.doc()).isNotBlank();
            assertThat(k.displayName()).isNotEqualTo(k.name());
        });
        assertThat(source.configSpec().keys()).filteredOn(ConfigKey::isSecret).extracting(ConfigKey::name)
                .containsExactly("apiKey");
        assertThat(source.configSpec().keys()).filteredOn(k -> k.name().equals("apiBaseUrl")).singleElement()
                .satisfies(k -> assertThat(k.defaultValue()).hasToString("https://www.googleapis.com/youtube/v3"));
    }

    @Test
    void a_key_and_a_query_or_channel_are_needed() {
        assertThat(validate(Map.of()).errors()).extracting(FieldError::toString)
                .containsExactly("apiKey: is required");
        assertThat(validate(Map.of("apiKey", "k")).errors()).extracting(FieldError::toString)
                .containsExactly("queries: set at least one search query, or a channel in channels");
        assertThat(validate(Map.of("apiKey", "k", "queries", "acme")).isValid()).isTrue();
        assertThat(validate(Map.of("apiKey", "k", "channels", "@acme")).isValid()).isTrue();
    }

    @Test
    void channels_are_ids_handles_or_channel_addresses() {
        assertThat(validate(Map.of("apiKey", "k", "channels", List.of("UCacmeOfficial000000000A", "@acme",
                "https://www.youtube.com/channel/UCtechTalkReviews000000A", "youtube.com/@polskie.testy",
                "https://m.youtube.com/@ελληνικά"))).isValid()).isTrue();
        assertThat(validate(Map.of("apiKey", "k", "channels", List.of("acme", "https://vimeo.com/acme"))).errors())
                .extracting(FieldError::toString).containsExactly("channels: item 1: must be a channel id (UC followed "
                        + "by 22 characters), a handle such as @acme, or a youtube.com channel address; item 2: must be "
                        + "a channel id (UC followed by 22 characters), a handle such as @acme, or a youtube.com "
                        + "channel address");
        assertThat(validate(Map.of("apiKey", "k", "channels", List.of("@acme", "https://www.youtube.com/@acme")))
                .errors()).extracting(FieldError::toString).containsExactly("channels: lists the same channel more than once");
    }

    @Test
    void the_reserve_must_leave_room_for_a_search() {
        assertThat(validate(Map.of("apiKey", "k", "queries", "acme", "dailyQuota", 1000, "quotaReserve", 950)).errors())
                .extracting(FieldError::toString)
                .containsExactly("quotaReserve: must leave at least 100 units of the daily quota (1000) to use");
    }

    @Test
    void the_api_key_is_never_shown() {
        ValidationResult result = source.configSpec().validate(Map.of("apiKey", "AIzaSecret", "queries", "acme"));
        assertThat(result.config().orElseThrow().toMasked()).containsEntry("apiKey", "********");
        assertThat(result.config().orElseThrow().toString()).doesNotContain("AIzaSecret");
    }
}
