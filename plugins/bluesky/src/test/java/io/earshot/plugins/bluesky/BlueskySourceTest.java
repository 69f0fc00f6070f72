package io.earshot.plugins.bluesky;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.api.config.Config;
import io.earshot.api.config.ConfigKey;
import io.earshot.api.config.FieldError;
import io.earshot.api.config.ValidationResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settings a user fills in, and what is said about mistakes. */
class BlueskySourceTest {

    private final BlueskySource source = new BlueskySource();

    private List<FieldError> errors(Map<String, ?> raw) {
        ValidationResult spec = source.configSpec().validate(raw);
        if (!spec.isValid()) {
            return spec.errors();
        }
        return source.validate(spec.config().orElseThrow()).errors();
    }

    @Test
    void describes_itself_with_a_stable_type_real_defaults_and_documents_every_setting() {
        assertThat(source.descriptor().type()).isEqualTo("bluesky");
        for (ConfigKey<?> key : source.configSpec().keys()) {
            assertThat(key.doc()).as(key.name()).isNotBlank();
        }
        Config config = source.configSpec().validate(Map.of("keywords", "earshot")).config().orElseThrow();
        assertThat(config.get(BlueskySource.JETSTREAM_URL)).isEqualTo("wss://jetstream2.us-east.bsky.network/subscribe");
        assertThat(config.get(BlueskySource.SERVICE_URL)).hasToString("https://bsky.social");
        assertThat(config.get(BlueskySource.MODE)).isEqualTo("jetstream");
        assertThat(source.configSpec().key("appPassword").orElseThrow().isSecret()).isTrue();
    }

    @Test
    void a_keyword_is_enough_for_jetstream_without_an_account() {
        assertThat(errors(Map.of("keywords", "earshot"))).isEmpty();
        assertThat(errors(Map.of("hashtags", "#OpenSource"))).isEmpty();
    }

    @Test
    void nothing_to_look_for_is_refused() {
        assertThat(errors(Map.of("languages", "en"))).extracting(FieldError::field).containsExactly("keywords");
    }

    @Test
    void search_needs_a_complete_account() {
        assertThat(errors(Map.of("keywords", "earshot", "mode", "search"))).extracting(FieldError::field)
                .containsExactly("handle");
        assertThat(errors(Map.of("keywords", "earshot", "handle", "brand.bsky.social"))).extracting(FieldError::field)
                .containsExactly("appPassword");
        assertThat(errors(Map.of("keywords", "earshot", "appPassword", "abcd-efgh-ijkl-mnop")))
                .extracting(FieldError::field).containsExactly("handle");
        assertThat(errors(Map.of("keywords", "earshot", "mode", "search", "handle", "brand.bsky.social",
                "appPassword", "abcd-efgh-ijkl-mnop"))).isEmpty();
    }

    @Test
    void jetstream_replays_at_most_a_day_without_an_account() {
        assertThat(errors(Map.of("keywords", "earshot", "backfill", "3d"))).extracting(FieldError::field)
                .containsExactly("backfill");
        assertThat(errors(Map.of("keywords", "earshot", "backfill", "3d", "handle", "brand.bsky.social",
                "appPassword", "abcd-efgh-ijkl-mnop"))).isEmpty();
    }

    @Test
    void the_jetstream_address_must_be_a_websocket_url_and_languages_codes() {
        assertThat(errors(Map.of("keywords", "earshot", "jetstreamUrl", "https://jetstream.example/subscribe",
                "languages", List.of("english")))).extracting(FieldError::field)
                .containsExactlyInAnyOrder("jetstreamUrl", "languages");
    }

    @Test
    void the_app_password_is_masked_wherever_the_configuration_is_shown() {
        Config config = source.configSpec().validate(Map.of("keywords", "earshot", "handle", "brand.bsky.social",
                "appPassword", "abcd-efgh-ijkl-mnop")).config().orElseThrow();

        assertThat(config.toString()).doesNotContain("abcd-efgh-ijkl-mnop");
    }
}
