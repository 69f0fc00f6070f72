package io.earshot.plugins.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.api.Mention;
import io.earshot.api.Source;
import io.earshot.plugins.testkit.TaskDriver;
import io.earshot.plugins.testkit.TestTaskContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;

/** The packaged plugin zip, loaded by PF4J the way the server loads it, imports a file. */
class FilePluginArchiveIT {

    @TempDir
    Path dir;

    @Test
    void thePackagedPluginLoadsAndImports() throws Exception {
        Path zip = Path.of(System.getProperty("earshot.plugin.zip"));
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            assertThat(archive.stream().map(e -> e.getName()).filter(n -> n.endsWith(".jar")))
                    .as("plugin-api, PF4J, SLF4J and Jackson come from the server")
                    .containsExactly("lib/earshot-plugin-file-0.1.0-SNAPSHOT.jar");
        }
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.copy(zip, plugins.resolve(zip.getFileName()));
        Path data = Imports.write(dir.resolve("data.jsonl"), "{\"id\":\"1\",\"text\":\"from the zip\"}\n");

        PluginManager manager = new DefaultPluginManager(plugins);
        try {
            manager.loadPlugins();
            manager.startPlugins();
            assertThat(manager.getPlugin("earshot-file").getPluginState()).isEqualTo(PluginState.STARTED);

            List<Source> sources = manager.getExtensions(Source.class, "earshot-file");
            assertThat(sources).singleElement().satisfies(source -> {
                assertThat(source.descriptor().type()).isEqualTo("file");
                assertThat(source.getClass().getClassLoader()).isSameAs(manager.getPluginClassLoader("earshot-file"));
            });

            Source source = sources.get(0);
            try (TaskDriver driver = TaskDriver.start(source, TestTaskContext.forSource(source, Map.of("path", data.toString())))) {
                assertThat(driver.drain(5)).extracting(Mention::text).containsExactly("from the zip");
            }
        } finally {
            manager.unloadPlugins(); // stops them first
        }
    }
}
