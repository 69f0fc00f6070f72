package io.earshot.plugins.rss;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.api.Mention;
import io.earshot.api.Source;
import io.earshot.api.http.HttpFetcher;
import io.earshot.plugins.testkit.ReplayServer;
import io.earshot.plugins.testkit.ReplayServer.Reply;
import io.earshot.plugins.testkit.TaskDriver;
import io.earshot.plugins.testkit.TestTaskContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;

/** The packaged plugin zip, loaded by PF4J the way the server loads it, collects a feed. */
class RssPluginArchiveIT {

    @TempDir
    Path dir;

    @Test
    void the_packaged_plugin_loads_and_collects_a_feed() throws Exception {
        Path zip = Path.of(System.getProperty("earshot.plugin.zip"));
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            assertThat(archive.stream().map(e -> e.getName()).filter(n -> n.endsWith(".jar")))
                    .as("plugin-api, PF4J, SLF4J and Jackson come from the server")
                    .containsExactlyInAnyOrder("lib/earshot-plugin-rss-0.1.0-SNAPSHOT.jar", "lib/rome-2.1.0.jar",
                            "lib/rome-utils-2.1.0.jar", "lib/jdom2-2.0.6.1.jar", "lib/jsoup-1.21.2.jar");
        }
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.copy(zip, plugins.resolve(zip.getFileName()));

        PluginManager manager = new DefaultPluginManager(plugins);
        try (ReplayServer server = ReplayServer.start()) {
            server.on("/feed").respond(Reply.ok("application/rss+xml", Fixtures.bytes("city-news.rss.xml"))
                    .header("ETag", "\"1\""));
            manager.loadPlugins();
            manager.startPlugins();
            assertThat(manager.getPlugin("earshot-rss").getPluginState()).isEqualTo(PluginState.STARTED);

            List<Source> sources = manager.getExtensions(Source.class, "earshot-rss");
            assertThat(sources).singleElement().satisfies(source -> {
                assertThat(source.descriptor().type()).isEqualTo("rss");
                assertThat(source.getClass().getClassLoader()).isSameAs(manager.getPluginClassLoader("earshot-rss"));
            });

            Source source = sources.get(0);
            TestTaskContext context = TestTaskContext.forSource(source, Map.of("feeds", List.of(server.uri("/feed").toString())),
                    HttpFetcher.builder().userAgent("Earshot-test").build(), Clock.systemUTC());
            try (TaskDriver driver = TaskDriver.start(source, context)) {
                assertThat(driver.pollMentions()).extracting(Mention::title)
                        .contains("Ferry timetable changes & what they mean for commuters");
                assertThat(driver.pollMentions()).isEmpty();
            }
        } finally {
            manager.unloadPlugins();
        }
    }
}
