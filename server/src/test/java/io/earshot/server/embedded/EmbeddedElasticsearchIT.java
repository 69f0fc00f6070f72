package io.earshot.server.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.server.testing.TestElasticsearch;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded node starts from a private data directory (as root it runs as an unprivileged user
 * who cannot enter it), is adopted rather than duplicated when a crashed server left it running,
 * and stops for good when closed.
 */
class EmbeddedElasticsearchIT {

    @TempDir
    Path tmp;

    @Test
    void starts_from_a_private_directory_adopts_an_orphan_and_stops() throws Exception {
        Path data = tmp.resolve("private/data");
        Files.createDirectories(data);
        Files.setPosixFilePermissions(tmp.resolve("private"), PosixFilePermissions.fromString("rwx------"));
        EmbeddedElasticsearch.Settings settings = new EmbeddedElasticsearch.Settings(TestElasticsearch.distribution(),
                data, 0, "256m", "earshot-es", Path.of(System.getProperty("java.home")));

        EmbeddedElasticsearch first = new EmbeddedElasticsearch(settings);
        URI url = first.start();
        try {
            assertThat(clusterHealth(url)).isEqualTo(200);
            assertThat(data.resolve("elasticsearch")).exists();
            assertThat(first.isRunning()).isTrue();

            // a server killed with -9 leaves its node running; the next start must adopt it
            EmbeddedElasticsearch second = new EmbeddedElasticsearch(settings);
            assertThat(second.start()).isEqualTo(url);
            assertThat(second.isRunning()).isTrue();
            second.close();
            assertThat(first.isRunning()).isFalse();
            assertThat(clusterHealth(url)).isEqualTo(-1);
        } finally {
            first.close();
            Path link = data.resolve("elasticsearch");
            if (Files.isSymbolicLink(link)) {
                Path target = link.toRealPath();
                try (var files = Files.walk(target)) {
                    for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
                Files.delete(link);
            }
        }
    }

    private static int clusterHealth(URI url) throws InterruptedException {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(url.resolve("/_cluster/health")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
