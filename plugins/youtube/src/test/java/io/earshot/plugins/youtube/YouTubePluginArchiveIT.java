package io.earshot.plugins.youtube;

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

/** The packaged plugin zip, loaded by PF4J the way the server loads it, collects videos. */
class YouTubePluginArchiveIT {

    @TempDir
    Path dir;

    @Test
    void the_packaged_plugin_loads_and_collects_videos() throws Exception {
        Path zip = Path.of(System.getProperty("earshot.plugin.zip"));
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            assertThat(archive.stream().map(ZipEntry::getName).filter(n -> !n.endsWith("/")))
                    .as("plugin-api, PF4J, SLF4J and Jackson come from the server")
                    .containsExactlyInAnyOrder("plugin.properties", "lib/earshot-plugin-youtube-0.1.0-SNAPSHOT.jar");
        }
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.copy(zip, plugins.resolve(zip.getFileName()));

        PluginManager manager = new DefaultPluginManager(plugins);
        try (FakeYouTube youtube = new FakeYouTube()) {
            youtube.search().thenOnce(FakeYouTube.ok("search-p2.json"));
            manager.loadPlugins();
            manager.startPlugins();
            assertThat(manager.getPlugin("earshot-youtube").getPluginState()).isEqualTo(PluginState.STARTED);

            List<Source> sources = manager.getExtensions(Source.class, "earshot-youtube");
            assertThat(sources).singleElement().satisfies(source -> {
                assertThat(source.descriptor().type()).isEqualTo("youtube");
                assertThat(source.getClass().getClassLoader()).isSameAs(manager.getPluginClassLoader("earshot-youtube"));
            });

            Source source = sources.get(0);
            TestTaskContext context = TestTaskContext.forSource(source,
                    youtube.config("queries", List.of("acme rocket"), "commentsOnFoundVideos", false),
                    HttpFetcher.builder().userAgent("Earshot-test").build(), Clock.systemUTC());
            try (TaskDriver driver = TaskDriver.start(source, context)) {
                assertThat(driver.drain(3)).extracting(Mention::title)
                        .containsExactly("Acme Rocket X2: Η γνώμη μου μετά από ένα μήνα",
                                "Why I returned my Acme Rocket \"X2\" 'Pro'");
            }
            assertThat(context.status().get("quota")).startsWith("102 of 10,000 units used today");
        } finally {
            manager.unloadPlugins();
        }
    }
}
