package io.earshot.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.server.testing.TestElasticsearch;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.elasticsearch.client.Request;
import org.junit.jupiter.api.Test;

/** Old monthly indices are dropped, recent ones and other indices stay. */
class RetentionJobIT {

    @Test
    void drops_only_mention_months_older_than_the_retention() throws Exception {
        String prefix = TestElasticsearch.uniquePrefix();
        IndexNames names = new IndexNames(prefix);
        try (ElasticsearchConnection c = ElasticsearchConnection.connect(TestElasticsearch.url(),
                ElasticsearchConnection.Auth.NONE, false)) {
            Clock clock = Clock.fixed(Instant.parse("2026-11-15T00:00:00Z"), ZoneOffset.UTC);
            new IndexSetup(c.rest(), names, clock).install();
            for (String month : List.of("2026.07", "2026.08", "2026.09", "2026.10")) {
                c.rest().performRequest(new Request("PUT", "/" + prefix + "-mentions-" + month));
            }
            List<String> dropped = new RetentionJob(c.rest(), names, 3, clock).run();
            assertThat(dropped).containsExactlyInAnyOrder(prefix + "-mentions-2026.07", prefix + "-mentions-2026.08");
            for (String kept : List.of("-mentions-2026.09", "-mentions-2026.10", "-mentions-2026.11", "-config", "-state")) {
                assertThat(c.rest().performRequest(new Request("HEAD", "/" + prefix + kept)).getStatusLine().getStatusCode())
                        .as(kept).isEqualTo(200);
            }
            assertThat(new RetentionJob(c.rest(), names, 0, clock).run()).isEmpty();
        }
    }
}
