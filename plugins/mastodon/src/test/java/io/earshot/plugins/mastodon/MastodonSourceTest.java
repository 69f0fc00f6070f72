package io.earshot.plugins.mastodon;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.api.config.Config;
import io.earshot.api.config.ConfigKey;
import io.earshot.api.config.FieldError;
import io.earshot.api.config.ValidationResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settings a user fills in, and what is said about mistakes. */
class MastodonSourceTest {

    private final MastodonSource source = new MastodonSource();

    private List<FieldError> errors(Map<String, ?> raw) {
        ValidationResult spec = source.configSpec().validate(raw);
        if (!spec.isValid()) {
            return spec.errors();
        }
        Config config = spec.config().orElseThrow();
        return source.validate(config).errors();
    }

    @Test
    void describes_itself_with_a_stable_type_and_documents_every_setting() {
        assertThat(source.descriptor().type()).isEqualTo("mastodon");
        for (ConfigKey<?> key : source.configSpec().keys()) {
            assertThat(key.doc()).as(key.name()).isNotBlank();
            assertThat(key.displayName()).as(key.name()).isNotBlank();
        }
        assertThat(source.configSpec().key("accessToken").orElseThrow().isSecret()).isTrue();
    }

    @Test
    void a_hashtag_on_one_instance_is_enough() {
        assertThat(errors(Map.of("instances", "https://mastodon.social", "hashtags", "#OpenSource"))).isEmpty();
    }

    @Test
    void nothing_to_follow_is_refused() {
        assertThat(errors(Map.of("instances", "https://mastodon.social")))
                .extracting(FieldError::field).containsExactly("hashtags");
    }

    @Test
    void the_public_timeline_alone_is_something_to_follow() {
        assertThat(errors(Map.of("instances", "https://mastodon.social", "publicTimeline", "local"))).isEmpty();
    }

    @Test
    void instances_must_be_web_addresses_and_hashtags_single_words() {
        assertThat(errors(Map.of("instances", List.of("mastodon.social"), "hashtags", List.of("open source"))))
                .extracting(FieldError::field).containsExactlyInAnyOrder("instances", "hashtags");
    }

    @Test
    void with_several_instances_the_token_must_name_its_instance_and_it_must_be_listed() {
        Map<String, Object> base = Map.of("instances", List.of("https://mastodon.social", "https://fosstodon.org"),
                "hashtags", "rust", "accessToken", "abc123");
        assertThat(errors(base)).extracting(FieldError::field).containsExactly("tokenInstance");

        Map<String, Object> wrong = new java.util.HashMap<>(base);
        wrong.put("tokenInstance", "https://hachyderm.io");
        assertThat(errors(wrong)).extracting(FieldError::field).containsExactly("tokenInstance");

        Map<String, Object> right = new java.util.HashMap<>(base);
        right.put("tokenInstance", "https://Fosstodon.org/");
        assertThat(errors(right)).isEmpty();
    }

    @Test
    void the_token_is_masked_wherever_the_configuration_is_shown() {
        Config config = source.configSpec().validate(Map.of("instances", "https://mastodon.social", "hashtags", "rust",
                "accessToken", "s3cr3t-token")).config().orElseThrow();

        assertThat(config.toString()).doesNotContain("s3cr3t-token").contains("********");
    }

    @Test
    void too_many_live_streams_are_refused() {
        List<String> tags = java.util.stream.IntStream.range(0, 30).mapToObj(i -> "tag" + i).toList();
        assertThat(errors(Map.of("instances", List.of("https://a.example", "https://b.example"), "hashtags", tags,
                "streaming", true))).extracting(FieldError::field).containsExactly("streaming");
        assertThat(errors(Map.of("instances", List.of("https://a.example", "https://b.example"), "hashtags", tags)))
                .isEmpty();
    }

    @Test
    void the_same_instance_twice_is_refused() {
        assertThat(errors(Map.of("instances", List.of("https://mastodon.social", "https://MASTODON.social/"),
                "hashtags", "rust"))).extracting(FieldError::field).containsExactly("instances");
    }
}
