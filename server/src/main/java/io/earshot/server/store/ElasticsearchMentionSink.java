package io.earshot.server.store;

import co.elastic.clients.elasticsearch._helpers.bulk.BulkIngester;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkListener;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import io.earshot.server.ingest.IngestItem;
import io.earshot.server.ingest.IngestListener;
import io.earshot.server.ingest.MentionSink;
import io.earshot.server.metrics.Metrics;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes mentions with the client's {@link BulkIngester}, each operation carrying its
 * {@link IngestItem} as context, and inspects every item of every response:
 * <ul>
 *   <li>acknowledged items are reported to the listener (which commits checkpoints);</li>
 *   <li>items refused for a transient reason (429, 5xx, unavailable shards) and whole requests that
 *       failed (Elasticsearch unreachable) are retried with backoff once the cluster is up again;</li>
 *   <li>items refused for good (a mapping error) are stored in the dead-letter index with the
 *       reason, then reported as rejected.</li>
 * </ul>
 * A semaphore bounds the unacknowledged items: when it is exhausted, {@link #write} blocks the
 * calling source thread, which is how backpressure reaches the sources.
 */
public final class ElasticsearchMentionSink implements MentionSink {

    private static final Logger log = LoggerFactory.getLogger(ElasticsearchMentionSink.class);
    private static final Set<Integer> RETRY_STATUSES = Set.of(408, 429, 500, 502, 503, 504);
    private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(30);

    /** Bulk settings. */
    public record Settings(int maxActions, long maxBytes, Duration flushInterval, int concurrentRequests, int capacity) {
    }

    private final ElasticsearchConnection connection;
    private final IndexNames names;
    private final ClusterMonitor monitor;
    private final Metrics metrics;
    private final Clock clock;
    private final IngestListener listener;
    private final Settings settings;
    private final Semaphore permits;
    private final BulkIngester<IngestItem> ingester;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bulk-retry");
        t.setDaemon(true);
        return t;
    });
    private final Map<Long, Long> requestStarts = new ConcurrentHashMap<>();
    private final AtomicInteger waitingRetries = new AtomicInteger();
    private volatile boolean closed;

    public ElasticsearchMentionSink(ElasticsearchConnection connection, IndexNames names, ClusterMonitor monitor,
                                    Metrics metrics, Clock clock, Settings settings, IngestListener listener) {
        this.connection = connection;
        this.names = names;
        this.monitor = monitor;
        this.metrics = metrics;
        this.clock = clock;
        this.listener = listener;
        this.settings = settings;
        this.permits = new Semaphore(settings.capacity());
        this.ingester = BulkIngester.of(b -> b
                .client(connection.async())
                .maxOperations(settings.maxActions())
                .maxSize(settings.maxBytes())
                .maxConcurrentRequests(settings.concurrentRequests())
                .flushInterval(settings.flushInterval().toMillis(), TimeUnit.MILLISECONDS)
                .listener(new Listener()));
        metrics.queueDepth(this::pending);
    }

    @Override
    public void write(List<IngestItem> items) throws InterruptedException {
        if (closed) {
            throw new IllegalStateException("the mention sink is closed");
        }
        int i = 0;
        while (i < items.size()) {
            int chunk = Math.min(items.size() - i, Math.max(1, settings.capacity() / 4));
            permits.acquire(chunk);
            for (int j = i; j < i + chunk; j++) {
                add(items.get(j));
            }
            i += chunk;
        }
    }

    private void add(IngestItem item) {
        ingester.add(op -> op.index(idx -> idx.index(item.index()).id(item.docId()).document(item.mention())), item);
    }

    @Override
    public int pending() {
        return settings.capacity() - permits.availablePermits();
    }

    @Override
    public int capacity() {
        return settings.capacity();
    }

    @Override
    public boolean drain(Duration timeout) throws InterruptedException {
        ingester.flush();
        if (permits.tryAcquire(settings.capacity(), timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            permits.release(settings.capacity());
            return true;
        }
        return false;
    }

    @Override
    public void close() {
        closed = true;
        retries.shutdownNow();
        ingester.close();
    }

    private void acknowledged(IngestItem item) {
        permits.release();
        listener.indexed(item);
    }

    private void scheduleRetry(IngestItem item) {
        if (retries.isShutdown()) {
            return;
        }
        metrics.itemsRetried().increment();
        long delay = Math.min(MAX_RETRY_DELAY.toMillis(), 250L << Math.min(item.attempts(), 10));
        waitingRetries.incrementAndGet();
        retries.schedule(() -> {
            try {
                while (!closed && !monitor.awaitUp(Duration.ofSeconds(5))) {
                    // wait for Elasticsearch: nothing is dropped while it is away
                }
                if (!closed) {
                    add(item.retry());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.warn("Could not re-queue mention {} for indexing; retrying", item.mention().id(), e);
                scheduleRetry(item.retry());
            } finally {
                waitingRetries.decrementAndGet();
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    private void deadLetter(IngestItem item, String errorType, String reason) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("workspace", item.key().workspace());
        doc.put("sourceId", item.key().sourceId());
        doc.put("mentionId", item.mention().id());
        doc.put("index", item.index());
        doc.put("errorType", errorType);
        doc.put("reason", reason);
        doc.put("failedAt", clock.instant().toString());
        doc.put("document", item.mention());
        connection.async().index(i -> i.index(names.deadLetters()).id(item.docId()).document(doc))
                .whenComplete((response, failure) -> {
                    if (failure == null) {
                        log.warn("Elasticsearch refused mention {} of source {} ({}: {}); kept in {}",
                                item.mention().id(), item.key(), errorType, reason, names.deadLetters());
                        permits.release();
                        listener.rejected(item, errorType + ": " + reason);
                    } else {
                        scheduleRetry(item);
                    }
                });
    }

    private final class Listener implements BulkListener<IngestItem> {

        @Override
        public void beforeBulk(long executionId, BulkRequest request, List<IngestItem> contexts) {
            requestStarts.put(executionId, System.nanoTime());
            metrics.bulkRequests().increment();
        }

        @Override
        public void afterBulk(long executionId, BulkRequest request, List<IngestItem> contexts, BulkResponse response) {
            recordLatency(executionId);
            List<BulkResponseItem> items = response.items();
            int indexed = 0;
            for (int i = 0; i < contexts.size(); i++) {
                IngestItem item = contexts.get(i);
                BulkResponseItem result = i < items.size() ? items.get(i) : null;
                if (result == null) {
                    scheduleRetry(item);
                } else if (result.error() == null) {
                    indexed++;
                    acknowledged(item);
                } else if (RETRY_STATUSES.contains(result.status())) {
                    scheduleRetry(item);
                } else {
                    deadLetter(item, result.error().type(), result.error().reason());
                }
            }
            metrics.indexed(indexed);
            if (indexed < contexts.size() && response.errors()) {
                monitor.suspect();
            }
        }

        @Override
        public void afterBulk(long executionId, BulkRequest request, List<IngestItem> contexts, Throwable failure) {
            recordLatency(executionId);
            metrics.bulkFailures().increment();
            log.debug("Bulk request of {} mentions failed, will retry: {}", contexts.size(), ClusterMonitor.describe(failure));
            monitor.suspect();
            contexts.forEach(ElasticsearchMentionSink.this::scheduleRetry);
        }

        private void recordLatency(long executionId) {
            Long start = requestStarts.remove(executionId);
            if (start != null) {
                metrics.bulkLatency().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            }
        }
    }
}
