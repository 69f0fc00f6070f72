package io.earshot.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.api.config.ConfigKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's configuration reference lists exactly the settings the server accepts. */
class ReadmeConfigReferenceTest {

    @Test
    void every_setting_is_documented_with_its_environment_variable_and_nothing_else_is() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("## Configuration reference");
        assertThat(start).isPositive();
        String section = readme.substring(start);
        List<String> documented = new ArrayList<>();
        Matcher row = Pattern.compile("(?m)^\\| `([a-zA-Z.]+)` \\| `(EARSHOT_[A-Z_]+)` \\|").matcher(section);
        while (row.find()) {
            documented.add(row.group(1));
            assertThat(row.group(2)).as("environment variable of " + row.group(1))
                    .isEqualTo(ServerSettings.envName(row.group(1)));
        }
        List<String> keys = ServerSettings.SPEC.keys().stream().map(ConfigKey::name).toList();
        assertThat(documented).containsExactlyInAnyOrderElementsOf(keys);
    }
}
