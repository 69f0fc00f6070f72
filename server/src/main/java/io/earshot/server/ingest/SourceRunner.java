package io.earshot.server.ingest;

import io.earshot.api.Checkpoint;
import io.earshot.api.FatalSourceException;
import io.earshot.api.HealthReporter;
import io.earshot.api.Mention;
import io.earshot.api.PollResult;
import io.earshot.api.RetriableException;
import io.earshot.api.SourceRecord;
import io.earshot.api.SourceTask;
import io.earshot.api.SourceTaskContext;
import io.earshot.api.config.Config;
import io.earshot.api.http.HttpFetcher;
import io.earshot.server.config.SourceDefinition;
import io.earshot.server.enrich.MentionPipeline;
import io.earshot.server.enrich.Stage;
import io.earshot.server.plugin.LoadedSource;
import io.earshot.server.store.ClusterMonitor;
import io.earshot.server.store.IndexNames;
import io.earshot.server.store.MentionDocIds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs the task of one configured source on a virtual thread of its own: polls on schedule (with
 * jitter), at once on request, back to back while the task has a backlog; pushes records through
 * the pipeline into the sink; backs off on errors (honouring the platform's Retry-After); waits
 * while Elasticsearch is down. Whatever the task does — throw, return garbage, hang — the runner
 * survives it and tells the user through the source's health.
 */
public final class SourceRunner {

    private static final Logger log = LoggerFactory.getLogger(SourceRunner.class);
    private static final Duration MIN_BACKOFF = Duration.ofSeconds(5);
    private static final Duration MAX_RETRY_AFTER = Duration.ofHours(24);
    /** How long a hung poll gets to react to stop() and an interrupt before its thread is abandoned. */
    private static final Duration ABANDON_GRACE = Duration.ofSeconds(30);

    private final SourceDefinition definition;
    private final Config config;
    private final LoadedSource plugin;
    private final Services services;
    private final SourceKey key;
    private final SourceStatus status;
    private final CheckpointTracker tracker;
    private final Stage.SourceInfo info;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final AtomicInteger generation = new AtomicInteger();

    private volatile boolean stopping;
    private volatile boolean pollRequested;
    private volatile TaskHandle task;
    private volatile Thread thread;
    private volatile boolean stopSent;
    /** When the running poll started; null between polls. */
    private volatile Instant pollStarted;

    /**
     * What every runner shares.
     *
     * @param pipeline   the enrichment pipeline
     * @param sink       where mentions go
     * @param monitor    Elasticsearch's state
     * @param http       the HTTP client tasks get
     * @param clock      time
     * @param jitter     poll-time spread, as a fraction of the interval
     * @param pollTimeout when a poll counts as hung
     * @param maxBackoff longest wait between retries (unless the platform asks for longer)
     * @param names      index names (a mention's monthly index)
     */
    public record Services(MentionPipeline pipeline, MentionSink sink, ClusterMonitor monitor, HttpFetcher http,
                           Clock clock, double jitter, Duration pollTimeout, Duration maxBackoff, IndexNames names) {
    }

    SourceRunner(SourceDefinition definition, Config config, LoadedSource plugin, Services services,
                 SourceStatus status, CheckpointTracker tracker) {
        this.definition = definition;
        this.config = config;
        this.plugin = plugin;
        this.services = services;
        this.key = new SourceKey(definition.workspace(), definition.id());
        this.status = status;
        this.tracker = tracker;
        this.info = new Stage.SourceInfo(definition.workspace(), definition.id(), definition.type());
    }

    public SourceKey key() {
        return key;
    }

    public SourceDefinition definition() {
        return definition;
    }

    /** Starts the runner's thread. */
    synchronized void start() {
        status.paused(false);
        status.nextPollAt(services.clock().instant());
        startThread();
    }

    private void startThread() {
        int gen = generation.incrementAndGet();
        thread = Thread.ofVirtual().name("source-" + key.workspace() + "-" + key.sourceId() + "#" + gen)
                .start(() -> run(gen));
    }

    /** Asks for a poll as soon as possible (the user pressed "poll now"). */
    void pollNow() {
        pollRequested = true;
        signal();
    }

    /** Stops the task (from any thread); does not wait. */
    void stop() {
        stopping = true;
        signal();
        stopTask();
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    /** Waits for the runner's thread to end, up to the timeout. */
    boolean awaitStopped(Duration timeout) throws InterruptedException {
        Thread t = thread;
        return t == null || t.join(timeout);
    }

    /**
     * Called periodically by the manager: detects a poll that hangs past the poll timeout, stops
     * and interrupts it, and if it still does not return, abandons its thread and starts afresh.
     */
    void checkHung() {
        Instant started = pollStarted;
        if (started == null || stopping) {
            return;
        }
        Duration running = Duration.between(started, services.clock().instant());
        if (running.compareTo(services.pollTimeout()) < 0) {
            return;
        }
        if (!stopSent) {
            stopSent = true;
            String msg = "poll did not return within " + io.earshot.api.config.Durations.format(services.pollTimeout())
                    + "; the task was stopped and will be restarted";
            log.warn("Source {}: {}", key, msg);
            status.pollFailed(msg, false);
            stopTask();
            Thread t = thread;
            if (t != null) {
                t.interrupt();
            }
        } else if (running.compareTo(services.pollTimeout().plus(grace())) >= 0) {
            log.error("Source {}: the task ignored stop() and interrupts; abandoning its thread", key);
            TaskHandle hung = task;
            task = null;
            stopSent = false;
            pollStarted = null;
            status.pollFailed("the task hung and ignored stop(); it was abandoned and a new task started", false);
            if (hung != null) {
                Thread.ofVirtual().start(hung::close);
            }
            status.nextPollAt(next(backoff(null)));
            startThread();
        }
    }

    private Duration grace() {
        return services.pollTimeout().compareTo(ABANDON_GRACE) < 0 ? services.pollTimeout() : ABANDON_GRACE;
    }

    private void run(int gen) {
        MDC.put("workspace", key.workspace());
        MDC.put("source", key.sourceId());
        Thread.currentThread().setContextClassLoader(plugin.classLoader());
        try {
            while (!stopping && generation.get() == gen) {
                if (task == null && !createTask(gen)) {
                    continue;
                }
                if (!awaitNextPoll(gen)) {
                    break;
                }
                pollOnce(gen);
            }
        } catch (InterruptedException e) {
            // stopping
        } catch (Throwable t) {
            log.error("Source {}: runner failed unexpectedly", key, t);
            status.pollFailed("internal error: " + t, false);
        } finally {
            if (generation.get() == gen) {
                TaskHandle current = task;
                task = null;
                if (current != null) {
                    current.stop();
                    current.close();
                }
            }
            MDC.clear();
        }
    }

    private boolean createTask(int gen) throws InterruptedException {
        TaskHandle created = null;
        try {
            SourceTask t = plugin.source().createTask();
            if (t == null) {
                throw new IllegalStateException("the plugin returned no task");
            }
            created = new TaskHandle(t);
            stopSent = false;
            task = created;
            t.start(new Context());
            return true;
        } catch (FatalSourceException e) {
            status.startFailed(message(e), true);
            log.warn("Source {} cannot start: {}", key, message(e));
            waitAfterFailure(gen, created, services.maxBackoff());
            return false;
        } catch (RuntimeException | LinkageError e) {
            status.startFailed("the task failed to start: " + message(e), false);
            log.warn("Source {} failed to start", key, e);
            waitAfterFailure(gen, created, backoff(null));
            return false;
        }
    }

    private void waitAfterFailure(int gen, TaskHandle failed, Duration wait) throws InterruptedException {
        if (failed != null) {
            task = null;
            failed.close();
        }
        Instant at = next(wait);
        status.nextPollAt(at);
        sleepUntil(at, gen);
    }

    /** Waits for the next poll time (or a poll request), then for Elasticsearch. */
    private boolean awaitNextPoll(int gen) throws InterruptedException {
        Instant at = status.nextPollAt();
        if (at == null) {
            at = services.clock().instant();
        }
        sleepUntil(at, gen);
        if (stopping || generation.get() != gen) {
            return false;
        }
        if (!services.monitor().state().isUp()) {
            status.waitingFor("Elasticsearch (" + services.monitor().state().message() + ")");
            while (!stopping && generation.get() == gen && !services.monitor().awaitUp(Duration.ofSeconds(1))) {
                status.waitingFor("Elasticsearch (" + services.monitor().state().message() + ")");
            }
            status.waitingFor(null);
        }
        return !stopping && generation.get() == gen;
    }

    private void sleepUntil(Instant at, int gen) throws InterruptedException {
        lock.lock();
        try {
            while (!stopping && !pollRequested && generation.get() == gen) {
                long waitMs = Duration.between(services.clock().instant(), at).toMillis();
                if (waitMs <= 0) {
                    break;
                }
                wake.awaitNanos(Duration.ofMillis(Math.min(waitMs, 1000)).toNanos());
            }
            pollRequested = false;
        } finally {
            lock.unlock();
        }
    }

    private void pollOnce(int gen) throws InterruptedException {
        TaskHandle current = task;
        status.pollStarted();
        pollStarted = services.clock().instant();
        PollResult result;
        try {
            try {
                result = current.task.poll();
            } finally {
                if (generation.get() == gen) {
                    pollStarted = null;
                }
            }
            if (result == null) {
                result = PollResult.empty();
            }
        } catch (InterruptedException e) {
            if (stopping || generation.get() != gen) {
                throw e;
            }
            status.pollFailed("the poll was interrupted", false);
            recreate(current);
            return;
        } catch (RetriableException e) {
            if (stopping || generation.get() != gen) {
                return;
            }
            status.pollFailed(message(e), false);
            Duration wait = backoff(e.retryAfter().orElse(null));
            status.nextPollAt(next(wait));
            log.info("Source {}: {} (retrying in {})", key, message(e), io.earshot.api.config.Durations.format(wait));
            return;
        } catch (FatalSourceException e) {
            if (stopping || generation.get() != gen) {
                return;
            }
            status.pollFailed(message(e), true);
            log.warn("Source {}: {}", key, message(e));
            recreate(current);
            status.nextPollAt(next(services.maxBackoff()));
            return;
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            if (stopping || generation.get() != gen) {
                return;
            }
            status.pollFailed("the task failed: " + message(e), false);
            log.warn("Source {}: the task failed", key, e);
            recreate(current);
            status.nextPollAt(next(backoff(null)));
            return;
        }
        if (stopping || generation.get() != gen) {
            return;
        }
        status.pollSucceeded(countMentions(result));
        deliver(result.records());
        Duration interval = definition.pollInterval();
        status.nextPollAt(result.hasMore() ? services.clock().instant() : next(withJitter(interval)));
    }

    private void deliver(List<SourceRecord> records) throws InterruptedException {
        List<IngestItem> items = new ArrayList<>(records.size());
        int dropped = 0;
        for (SourceRecord record : records) {
            if (record == null) {
                continue;
            }
            Checkpoint cp = record.checkpoint();
            Mention raw = record.mention();
            Mention mention = null;
            if (raw != null) {
                try {
                    mention = services.pipeline().process(raw, info);
                } catch (RuntimeException e) {
                    log.warn("Source {}: could not process mention {}: {}", key, raw.id(), e.toString());
                }
                if (mention == null) {
                    dropped++;
                }
            }
            long seq = tracker.register(cp);
            if (mention == null) {
                tracker.done(seq);
            } else {
                items.add(new IngestItem(key, seq, mention, services.names().mentionIndex(mention.publishedAt()),
                        MentionDocIds.docId(mention.workspace(), mention.id()), 0));
            }
        }
        status.dropped(dropped);
        if (!items.isEmpty()) {
            if (services.sink().pending() + items.size() > services.sink().capacity()) {
                status.waitingFor("Elasticsearch to catch up (" + services.sink().pending() + " mentions queued)");
            }
            services.sink().write(items);
            status.waitingFor(null);
        }
    }

    private void recreate(TaskHandle failed) {
        if (task == failed) {
            task = null;
        }
        failed.stop();
        failed.close();
    }

    private void stopTask() {
        TaskHandle t = task;
        if (t != null) {
            t.stop();
        }
    }

    private void signal() {
        lock.lock();
        try {
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private Instant next(Duration wait) {
        return services.clock().instant().plus(wait);
    }

    private Duration withJitter(Duration interval) {
        double j = services.jitter();
        if (j <= 0) {
            return interval;
        }
        double factor = 1 + ThreadLocalRandom.current().nextDouble(-j, j);
        return Duration.ofMillis(Math.max(0, (long) (interval.toMillis() * factor)));
    }

    /** Exponential backoff from 5s, capped; a platform's Retry-After wins when it gave one. */
    Duration backoff(Duration retryAfter) {
        if (retryAfter != null) {
            return retryAfter.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter;
        }
        int failures = Math.max(1, status.consecutiveFailures());
        long ms = MIN_BACKOFF.toMillis() << Math.min(failures - 1, 16);
        long cap = Math.max(MIN_BACKOFF.toMillis(), Math.min(services.maxBackoff().toMillis(),
                Math.max(definition.pollInterval().toMillis(), MIN_BACKOFF.toMillis())));
        ms = Math.min(ms, cap);
        return Duration.ofMillis((long) (ms * ThreadLocalRandom.current().nextDouble(0.8, 1.2)));
    }

    private static int countMentions(PollResult result) {
        int n = 0;
        for (SourceRecord r : result.records()) {
            if (r != null && r.mention() != null) {
                n++;
            }
        }
        return n;
    }

    static String message(Throwable e) {
        String msg = e.getMessage();
        if (msg == null || msg.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return e instanceof io.earshot.api.SourceException ? msg : e.getClass().getSimpleName() + ": " + msg;
    }

    /** A task with the guarantees of the contract: stop() at most once, close() once. */
    private final class TaskHandle {
        final SourceTask task;
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final AtomicBoolean closed = new AtomicBoolean();

        TaskHandle(SourceTask task) {
            this.task = task;
        }

        void stop() {
            if (stopped.compareAndSet(false, true)) {
                try {
                    task.stop();
                } catch (RuntimeException | LinkageError e) {
                    log.warn("Source {}: stop() failed", key, e);
                }
            }
        }

        void close() {
            if (closed.compareAndSet(false, true)) {
                try {
                    task.close();
                } catch (RuntimeException | LinkageError e) {
                    log.warn("Source {}: close() failed", key, e);
                }
            }
        }
    }

    /** What the task sees. */
    private final class Context implements SourceTaskContext {
        @Override
        public String workspace() {
            return key.workspace();
        }

        @Override
        public String sourceId() {
            return key.sourceId();
        }

        @Override
        public Config config() {
            return config;
        }

        @Override
        public Optional<Checkpoint> checkpoint(String partition) {
            return Optional.ofNullable(tracker.committed().get(partition));
        }

        @Override
        public Map<String, Checkpoint> checkpoints() {
            return tracker.committed();
        }

        @Override
        public HealthReporter health() {
            return status;
        }

        @Override
        public HttpFetcher http() {
            return services.http();
        }

        @Override
        public Clock clock() {
            return services.clock();
        }
    }
}
