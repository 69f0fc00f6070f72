package io.earshot.plugins.x;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.api.Checkpoint;
import io.earshot.api.config.ConfigKey;
import io.earshot.api.config.FieldError;
import io.earshot.api.config.ValidationResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a user sees when configuring an X source. */
class XSourceTest {

    private final XSource source = new XSource();

    private ValidationResult validate(Map<String, ?> raw) {
        ValidationResult spec = source.configSpec().validate(raw);
        return spec.config().map(source::validate).orElse(spec);
    }

    @Test
    void the_type_is_x_and_every_setting_is_documented() {
        assertThat(source.descriptor().type()).isEqualTo("x");
        assertThat(source.configSpec().keys()).allSatisfy(k -> {
            assertThat(k.doc()).isNotBlank();
            assertThat(k.displayName()).isNotEqualTo(k.name());
        });
        assertThat(source.configSpec().keys()).filteredOn(ConfigKey::isSecret).extracting(ConfigKey::name)
                .containsExactly("bearerToken");
        assertThat(source.configSpec().keys()).filteredOn(k -> k.name().equals("apiBaseUrl")).singleElement()
                .satisfies(k -> assertThat(k.defaultValue()).hasToString("https://api.x.com"));
    }

    @Test
    void a_token_and_a_query_are_needed() {
        assertThat(validate(Map.of()).errors()).extracting(FieldError::toString)
                .containsExactlyInAnyOrder("bearerToken: is required", "queries: is required");
        assertThat(validate(Map.of("bearerToken", "t", "queries", "acme")).isValid()).isTrue();
        assertThat(validate(Map.of("bearerToken", "t", "queries", List.of("acme", " acme"))).errors())
                .extracting(FieldError::toString).containsExactly("queries: lists the same query more than once");
    }

    @Test
    void the_budget_and_look_back_have_sensible_bounds() {
        assertThat(validate(Map.of("bearerToken", "t", "queries", "acme", "maxPostsPerDay", 5,
                "initialLookback", "8d")).errors()).extracting(FieldError::toString).containsExactlyInAnyOrder(
                "maxPostsPerDay: must be between 10 and 100000000", "initialLookback: must be between 1m and 7d");
    }

    @Test
    void a_long_query_still_gets_a_partition_name_that_fits() {
        String longQuery = "acme " + "OR rocket ".repeat(100);
        assertThat(XSourceTask.partition(longQuery)).hasSizeLessThanOrEqualTo(Checkpoint.MAX_PARTITION_LENGTH)
                .startsWith("query:acme OR rocket");
        assertThat(XSourceTask.partition(longQuery)).isNotEqualTo(XSourceTask.partition(longQuery + " OR x2"));
        assertThat(XSourceTask.partition("acme")).isEqualTo("query:acme");
    }

    @Test
    void the_token_is_never_shown() {
        ValidationResult result = source.configSpec().validate(Map.of("bearerToken", "AAAsecret", "queries", "acme"));
        assertThat(result.config().orElseThrow().toString()).doesNotContain("AAAsecret");
    }
}
