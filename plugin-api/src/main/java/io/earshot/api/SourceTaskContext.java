package io.earshot.api;

import io.earshot.api.config.Config;
import io.earshot.api.http.HttpFetcher;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * What the server gives a running {@link SourceTask}. All methods are thread-safe and cheap.
 */
public interface SourceTaskContext {

    /** The workspace that owns the source. */
    String workspace();

    /** The id of the configured source instance. */
    String sourceId();

    /** The validated configuration of this source. */
    Config config();

    /**
     * The last committed checkpoint of a partition: the position reached by the records that
     * Elasticsearch has acknowledged. Read it in {@link SourceTask#start(SourceTaskContext)}; it
     * does not follow the task's own progress.
     */
    Optional<Checkpoint> checkpoint(String partition);

    /** Every committed checkpoint of this source, by partition. */
    Map<String, Checkpoint> checkpoints();

    /** Where the task reports trouble that does not stop it, and status the user should see. */
    HealthReporter health();

    /**
     * An HTTP client configured by the server: its User-Agent, timeouts, size limits and the
     * server's address policy. Prefer it to a client of your own.
     */
    HttpFetcher http();

    /** The clock to read "now" from (tests may replace it). */
    Clock clock();
}
