package io.earshot.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.earshot.api.config.Config;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsLoaderTest {

    @TempDir
    Path dir;

    @Test
    void nested_yaml_with_environment_overrides() throws Exception {
        Path yaml = Files.writeString(dir.resolve("earshot.yaml"), """
                http:
                  port: 9090
                elasticsearch:
                  url: https://es.example.com:9200
                  apiKey: abc123
                ingest.bulk.flushInterval: 2s
                """);
        Config c = SettingsLoader.load(yaml, Map.of("EARSHOT_HTTP_PORT", "9191", "EARSHOT_INGEST_QUEUE_CAPACITY", "5000"));
        assertThat(c.get(ServerSettings.HTTP_PORT)).isEqualTo(9191);
        assertThat(c.get(ServerSettings.ES_URL)).isEqualTo(URI.create("https://es.example.com:9200"));
        assertThat(c.get(ServerSettings.ES_API_KEY).reveal()).isEqualTo("abc123");
        assertThat(c.get(ServerSettings.BULK_FLUSH_INTERVAL)).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.get(ServerSettings.QUEUE_CAPACITY)).isEqualTo(5000);
        assertThat(c.get(ServerSettings.HTTP_HOST)).isEqualTo("127.0.0.1");
        assertThat(c.toString()).doesNotContain("abc123");
    }

    @Test
    void every_problem_is_reported_with_where_it_came_from() throws Exception {
        Path yaml = Files.writeString(dir.resolve("earshot.yaml"), """
                http:
                  prot: 80
                elasticsearch:
                  url: ftp://nope
                """);
        assertThatThrownBy(() -> SettingsLoader.load(yaml, Map.of("EARSHOT_HTTP_PORT", "eighty")))
                .isInstanceOf(SettingsLoader.SettingsException.class)
                .hasMessageContaining("http.prot: unknown setting")
                .hasMessageContaining("environment variable EARSHOT_HTTP_PORT: must be a whole number")
                .hasMessageContaining("elasticsearch.url: must be an http or https URL");
    }

    @Test
    void environment_names_follow_the_keys() {
        assertThat(ServerSettings.envName("http.port")).isEqualTo("EARSHOT_HTTP_PORT");
        assertThat(ServerSettings.envName("elasticsearch.apiKey")).isEqualTo("EARSHOT_ELASTICSEARCH_API_KEY");
        assertThat(ServerSettings.envName("ingest.bulk.maxActions")).isEqualTo("EARSHOT_INGEST_BULK_MAX_ACTIONS");
    }

    @Test
    void a_missing_or_broken_file_is_a_clear_error() throws Exception {
        assertThatThrownBy(() -> SettingsLoader.load(dir.resolve("nope.yaml"), Map.of()))
                .hasMessageContaining("does not exist");
        Path broken = Files.writeString(dir.resolve("broken.yaml"), "http: [unclosed");
        assertThatThrownBy(() -> SettingsLoader.load(broken, Map.of())).hasMessageContaining("is not valid YAML");
    }
}
