package com.example.earshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.api.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;

/** The zip this template builds is a working plugin: PF4J loads it and finds the source. */
class ExamplePluginArchiveIT {

    @TempDir
    Path dir;

    @Test
    void the_built_zip_loads_as_a_plugin() throws Exception {
        Path zip = Path.of(System.getProperty("earshot.plugin.zip"));
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            assertThat(archive.getEntry("plugin.properties")).isNotNull();
            assertThat(archive.stream().map(e -> e.getName()).filter(n -> n.endsWith(".jar")))
                    .containsExactly("lib/earshot-plugin-example-0.1.0-SNAPSHOT.jar");
        }
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.copy(zip, plugins.resolve(zip.getFileName()));
        PluginManager manager = new DefaultPluginManager(plugins);
        manager.loadPlugins();
        manager.startPlugins();
        assertThat(manager.getPlugin("example-json-api").getPluginState()).isEqualTo(PluginState.STARTED);
        assertThat(manager.getExtensions(Source.class, "example-json-api"))
                .singleElement().satisfies(s -> assertThat(s.descriptor().type()).isEqualTo("example-json"));
    }
}
