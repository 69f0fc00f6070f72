package io.earshot.plugins.x;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.api.Mention;
import io.earshot.api.Source;
import io.earshot.api.http.HttpFetcher;
import io.earshot.plugins.testkit.TaskDriver;
import io.earshot.plugins.testkit.TestTaskContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;

/** The packaged plugin zip, loaded by PF4J the way the server loads it, collects posts. */
class XPluginArchiveIT {

    @TempDir
    Path dir;

    @Test
    void the_packaged_plugin_loads_and_collects_posts() throws Exception {
        Path zip = Path.of(System.getProperty("earshot.plugin.zip"));
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            assertThat(archive.stream().map(ZipEntry::getName).filter(n -> !n.endsWith("/")))
                    .as("plugin-api, PF4J, SLF4J and Jackson come from the server")
                    .containsExactlyInAnyOrder("plugin.properties", "lib/earshot-plugin-x-0.1.0-SNAPSHOT.jar");
        }
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.copy(zip, plugins.resolve(zip.getFileName()));

        PluginManager manager = new DefaultPluginManager(plugins);
        try (FakeX x = new FakeX()) {
            x.search().thenOnce(FakeX.ok("search-p2.json"));
            manager.loadPlugins();
            manager.startPlugins();
            assertThat(manager.getPlugin("earshot-x").getPluginState()).isEqualTo(PluginState.STARTED);

            List<Source> sources = manager.getExtensions(Source.class, "earshot-x");
            assertThat(sources).singleElement().satisfies(source -> {
                assertThat(source.descriptor().type()).isEqualTo("x");
                assertThat(source.getClass().getClassLoader()).isSameAs(manager.getPluginClassLoader("earshot-x"));
            });

            Source source = sources.get(0);
            TestTaskContext context = TestTaskContext.forSource(source, x.config(),
                    HttpFetcher.builder().userAgent("Earshot-test").build(), Clock.systemUTC());
            try (TaskDriver driver = TaskDriver.start(source, context)) {
                assertThat(driver.drain(3)).extracting(Mention::lang).containsExactly("ru", "fa");
            }
            assertThat(context.status().get("quota")).startsWith("2 of 1,000 posts read today");
        } finally {
            manager.unloadPlugins();
        }
    }
}
