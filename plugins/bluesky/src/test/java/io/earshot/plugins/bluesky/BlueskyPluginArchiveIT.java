package io.earshot.plugins.bluesky;

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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;

/** The packaged plugin zip, loaded by PF4J the way the server loads it, signs in and searches. */
class BlueskyPluginArchiveIT {

    @TempDir
    Path dir;

    @Test
    void the_packaged_plugin_loads_and_collects_posts_by_search() throws Exception {
        Path zip = Path.of(System.getProperty("earshot.plugin.zip"));
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            assertThat(archive.stream().map(e -> e.getName()).filter(n -> !n.endsWith("/")))
                    .as("plugin-api, PF4J, SLF4J and Jackson come from the server; nothing else is needed")
                    .containsExactlyInAnyOrder("plugin.properties", "lib/earshot-plugin-bluesky-0.1.0-SNAPSHOT.jar");
        }
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.copy(zip, plugins.resolve(zip.getFileName()));

        Instant now = Instant.parse("2026-03-10T12:00:00Z");
        Clock clock = new MutableClock(now);
        PluginManager manager = new DefaultPluginManager(plugins);
        try (ReplayServer server = ReplayServer.start()) {
            server.on("/xrpc/com.atproto.server.createSession").respond(Reply.ok("application/json",
                    Fixtures.session(Fixtures.jwt("com.atproto.appPass", now.plus(Duration.ofHours(2))),
                            Fixtures.jwt("com.atproto.refresh", now.plus(Duration.ofDays(60))))));
            server.on("/xrpc/app.bsky.feed.searchPosts").respond(Reply.ok("application/json",
                    Fixtures.text("search-earshot-page2.json")));
            server.on("/xrpc/app.bsky.actor.getProfiles").respond(Reply.ok("application/json", Fixtures.text("profiles.json")));
            manager.loadPlugins();
            manager.startPlugins();
            assertThat(manager.getPlugin("earshot-bluesky").getPluginState()).isEqualTo(PluginState.STARTED);

            List<Source> sources = manager.getExtensions(Source.class, "earshot-bluesky");
            assertThat(sources).singleElement().satisfies(source -> {
                assertThat(source.descriptor().type()).isEqualTo("bluesky");
                assertThat(source.getClass().getClassLoader()).isSameAs(manager.getPluginClassLoader("earshot-bluesky"));
            });

            Source source = sources.get(0);
            TestTaskContext context = TestTaskContext.forSource(source, Map.of("keywords", "Earshot", "mode", "search",
                    "handle", "anna.bsky.social", "appPassword", "abcd-efgh-ijkl-mnop",
                    "serviceUrl", server.uri("").toString(), "appViewUrl", server.uri("").toString()),
                    HttpFetcher.builder().userAgent("Earshot-test").build(), clock);
            try (TaskDriver driver = TaskDriver.start(source, context)) {
                assertThat(driver.pollMentions()).extracting(Mention::id)
                        .containsExactly("bluesky:" + Fixtures.KASIA + "/3mbptxyz4ab2q");
            }
        } finally {
            manager.unloadPlugins();
        }
    }
}
