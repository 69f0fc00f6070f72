package io.earshot.plugins.testkit;

import io.earshot.api.Checkpoint;
import io.earshot.api.HealthReporter;
import io.earshot.api.PollResult;
import io.earshot.api.Source;
import io.earshot.api.SourceRecord;
import io.earshot.api.SourceTaskContext;
import io.earshot.api.config.Config;
import io.earshot.api.config.ValidationResult;
import io.earshot.api.http.HttpFetcher;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real, in-memory {@link SourceTaskContext} for plugin tests: validates the configuration
 * against the source's spec like the server does, keeps committed checkpoints (commit them with
 * {@link #commit(PollResult)}, as the server would once Elasticsearch acknowledged the records),
 * and records what the task reported about its health.
 */
public final class TestTaskContext implements SourceTaskContext {

    private final Config config;
    private final Map<String, Checkpoint> committed = new ConcurrentHashMap<>();
    private final Map<String, String> failedPartitions = new ConcurrentHashMap<>();
    private final Map<String, Waiting> waitingPartitions = new ConcurrentHashMap<>();

    /** A partition waiting (rate-limited) until a time, and why. */
    public record Waiting(java.time.Instant until, String message) {
    }
    private final Map<String, String> status = new ConcurrentHashMap<>();
    private volatile String degraded;
    private final HttpFetcher http;
    private final Clock clock;

    private TestTaskContext(Config config, HttpFetcher http, Clock clock) {
        this.config = config;
        this.http = http;
        this.clock = clock;
    }

    /**
     * A context for the given source and raw configuration (as a user would send it as JSON).
     *
     * @throws IllegalArgumentException when the configuration is invalid, listing every error
     */
    public static TestTaskContext forSource(Source source, Map<String, ?> rawConfig) {
        return forSource(source, rawConfig, HttpFetcher.builder().userAgent("Earshot-test").build(), Clock.systemUTC());
    }

    public static TestTaskContext forSource(Source source, Map<String, ?> rawConfig, HttpFetcher http, Clock clock) {
        ValidationResult result = source.configSpec().validate(rawConfig);
        Config config = result.config().orElseThrow(() -> new IllegalArgumentException("invalid config: " + result));
        ValidationResult extra = source.validate(config);
        if (!extra.isValid()) {
            throw new IllegalArgumentException("invalid config: " + extra);
        }
        return new TestTaskContext(config, http, clock);
    }

    /** Commits the checkpoints of a poll result in order, as the server does after indexing it. */
    public void commit(PollResult result) {
        for (SourceRecord r : result.records()) {
            if (r.checkpoint() != null) {
                committed.put(r.checkpoint().partition(), r.checkpoint());
            }
        }
    }

    /** Sets a committed checkpoint directly (a previous run's state). */
    public void commit(Checkpoint checkpoint) {
        committed.put(checkpoint.partition(), checkpoint);
    }

    /** Partitions reported as failing, with their messages. */
    public Map<String, String> failedPartitions() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(failedPartitions));
    }

    /** Partitions reported as waiting (rate-limited), with until when and why. */
    public Map<String, Waiting> waitingPartitions() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(waitingPartitions));
    }

    /** The message of the last {@link HealthReporter#degraded(String)}, unless recovered since. */
    public Optional<String> degradedMessage() {
        return Optional.ofNullable(degraded);
    }

    /** Status lines reported by the task. */
    public Map<String, String> status() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(status));
    }

    /** A context that shares this one's committed checkpoints: what a restarted task would see. */
    public TestTaskContext restarted() {
        TestTaskContext next = new TestTaskContext(config, http, clock);
        next.committed.putAll(committed);
        return next;
    }

    @Override
    public String workspace() {
        return "test";
    }

    @Override
    public String sourceId() {
        return "test-source";
    }

    @Override
    public Config config() {
        return config;
    }

    @Override
    public Optional<Checkpoint> checkpoint(String partition) {
        return Optional.ofNullable(committed.get(partition));
    }

    @Override
    public Map<String, Checkpoint> checkpoints() {
        return Map.copyOf(committed);
    }

    @Override
    public HealthReporter health() {
        return new HealthReporter() {
            @Override
            public void partitionFailed(String partition, String message) {
                waitingPartitions.remove(partition);
                failedPartitions.put(partition, message);
            }

            @Override
            public void partitionWaiting(String partition, java.time.Instant until, String message) {
                failedPartitions.remove(partition);
                waitingPartitions.put(partition, new Waiting(until, message));
            }

            @Override
            public void partitionRecovered(String partition) {
                failedPartitions.remove(partition);
                waitingPartitions.remove(partition);
            }

            @Override
            public void degraded(String message) {
                degraded = message;
            }

            @Override
            public void recovered() {
                degraded = null;
            }

            @Override
            public void status(String key, String value) {
                if (value == null) {
                    status.remove(key);
                } else {
                    status.put(key, value);
                }
            }
        };
    }

    @Override
    public HttpFetcher http() {
        return http;
    }

    @Override
    public Clock clock() {
        return clock;
    }
}
