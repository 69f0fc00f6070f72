package io.earshot.plugins.mastodon;

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

/** The packaged plugin zip, loaded by PF4J the way the server loads it, collects a hashtag timeline. */
class MastodonPluginArchiveIT {

    @TempDir
    Path dir;

    @Test
    void the_packaged_plugin_loads_and_collects_a_hashtag_timeline() throws Exception {
        Path zip = Path.of(System.getProperty("earshot.plugin.zip"));
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            assertThat(archive.stream().map(e -> e.getName()).filter(n -> !n.endsWith("/")))
                    .as("plugin-api, PF4J, SLF4J and Jackson come from the server")
                    .containsExactlyInAnyOrder("plugin.properties", "lib/earshot-plugin-mastodon-0.1.0-SNAPSHOT.jar",
                            "lib/jsoup-1.21.2.jar");
        }
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.copy(zip, plugins.resolve(zip.getFileName()));

        PluginManager manager = new DefaultPluginManager(plugins);
        try (ReplayServer server = ReplayServer.start()) {
            server.on("/api/v1/timelines/tag/opensource")
                    .respond(Reply.ok("application/json; charset=utf-8", Fixtures.text("tag-opensource.json")));
            manager.loadPlugins();
            manager.startPlugins();
            assertThat(manager.getPlugin("earshot-mastodon").getPluginState()).isEqualTo(PluginState.STARTED);

            List<Source> sources = manager.getExtensions(Source.class, "earshot-mastodon");
            assertThat(sources).singleElement().satisfies(source -> {
                assertThat(source.descriptor().type()).isEqualTo("mastodon");
                assertThat(source.getClass().getClassLoader()).isSameAs(manager.getPluginClassLoader("earshot-mastodon"));
            });

            Source source = sources.get(0);
            Clock clock = new MutableClock(java.time.Instant.parse("2026-03-10T12:00:00Z"));
            TestTaskContext context = TestTaskContext.forSource(source, Map.of("instances", List.of(server.uri("").toString()),
                    "hashtags", "opensource"),
                    HttpFetcher.builder().userAgent("Earshot-test").build(), clock);
            try (TaskDriver driver = TaskDriver.start(source, context)) {
                assertThat(driver.pollMentions()).hasSize(5).extracting(Mention::platform).containsOnly("mastodon");
            }
        } finally {
            manager.unloadPlugins();
        }
    }
}
