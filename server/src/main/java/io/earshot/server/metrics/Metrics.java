package io.earshot.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The server's meters, exposed in Prometheus format at {@code /metrics}. Names follow the
 * Prometheus conventions ({@code earshot_mentions_indexed_total}, {@code ..._seconds}).
 */
public final class Metrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Timer bulkLatency;
    private final Counter bulkRequests;
    private final Counter bulkFailures;
    private final Counter itemsRetried;
    private final IngestRate ingestRate = new IngestRate();

    public Metrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        bulkLatency = Timer.builder("earshot.bulk.latency")
                .description("Time from sending a bulk request to Elasticsearch to its answer")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
        bulkRequests = Counter.builder("earshot.bulk.requests").description("Bulk requests sent").register(registry);
        bulkFailures = Counter.builder("earshot.bulk.failures")
                .description("Bulk requests that failed as a whole (Elasticsearch unreachable or overloaded)")
                .register(registry);
        itemsRetried = Counter.builder("earshot.ingest.retries")
                .description("Mentions sent again after a transient failure").register(registry);
        Gauge.builder("earshot.ingest.rate", ingestRate, IngestRate::perSecond)
                .description("Mentions indexed per second over the last 10 seconds").register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }

    public Timer bulkLatency() {
        return bulkLatency;
    }

    public Counter bulkRequests() {
        return bulkRequests;
    }

    public Counter bulkFailures() {
        return bulkFailures;
    }

    public Counter itemsRetried() {
        return itemsRetried;
    }

    /** Counts indexed mentions for the ingest-rate gauge. */
    public void indexed(int count) {
        ingestRate.add(count);
    }

    public double ingestRatePerSecond() {
        return ingestRate.perSecond();
    }

    /** Registers the ingest queue depth gauge. */
    public void queueDepth(Supplier<Number> depth) {
        Gauge.builder("earshot.ingest.queue.depth", depth)
                .description("Mentions collected and not yet acknowledged by Elasticsearch").register(registry);
    }

    /** A per-source counter. */
    public Counter sourceCounter(String name, String description, String workspace, String sourceId, String type) {
        return Counter.builder(name).description(description)
                .tag("workspace", workspace).tag("source", sourceId).tag("type", type)
                .register(registry);
    }

    /** A per-source counter read from an object (polls, errors). */
    public <T> void sourceFunctionCounter(String name, String description, String workspace, String sourceId,
                                          String type, T obj, java.util.function.ToDoubleFunction<T> f) {
        io.micrometer.core.instrument.FunctionCounter.builder(name, obj, f).description(description)
                .tag("workspace", workspace).tag("source", sourceId).tag("type", type).register(registry);
    }

    /** A per-source gauge. */
    public <T> void sourceGauge(String name, String description, String workspace, String sourceId, String type, T obj,
                                java.util.function.ToDoubleFunction<T> f) {
        Gauge.builder(name, obj, f).description(description)
                .tag("workspace", workspace).tag("source", sourceId).tag("type", type).register(registry);
    }

    /** Removes the meters of a deleted source. */
    public void removeSource(String workspace, String sourceId) {
        registry.getMeters().stream()
                .filter(m -> workspace.equals(m.getId().getTag("workspace")) && sourceId.equals(m.getId().getTag("source")))
                .toList()
                .forEach(registry::remove);
    }

    /** Timer of one enrichment stage. */
    public Timer stageTimer(String stage) {
        return Timer.builder("earshot.pipeline.stage").description("Time spent in one enrichment stage per mention")
                .tag("stage", stage).register(registry);
    }

    /** A counter of mentions a stage could not process, by reason. */
    public Counter stageFailures(String stage, String reason) {
        return Counter.builder("earshot.pipeline.stage.failures").description("Mentions a stage could not process")
                .tag("stage", stage).tag("reason", reason).register(registry);
    }

    /** Counts over a sliding ten-second window of one-second buckets. */
    static final class IngestRate {
        private static final int BUCKETS = 10;
        private final LongAdder[] counts = new LongAdder[BUCKETS];
        private final AtomicLong[] seconds = new AtomicLong[BUCKETS];

        IngestRate() {
            for (int i = 0; i < BUCKETS; i++) {
                counts[i] = new LongAdder();
                seconds[i] = new AtomicLong(-1);
            }
        }

        void add(int n) {
            long now = System.currentTimeMillis() / 1000;
            int i = (int) (now % BUCKETS);
            long prev = seconds[i].get();
            if (prev != now && seconds[i].compareAndSet(prev, now)) {
                counts[i].reset();
            }
            counts[i].add(n);
        }

        double perSecond() {
            long now = System.currentTimeMillis() / 1000;
            long total = 0;
            for (int i = 0; i < BUCKETS; i++) {
                long s = seconds[i].get();
                if (s > now - BUCKETS && s < now) {
                    total += counts[i].sum();
                }
            }
            return total / (double) (BUCKETS - 1);
        }
    }
}
