package io.earshot.server.store;

import co.elastic.clients.elasticsearch._types.HealthStatus;
import co.elastic.clients.elasticsearch.cluster.HealthResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches Elasticsearch: checks cluster health every few seconds (every second while it is down),
 * tells listeners when it goes down or comes back, and lets ingestion wait until it is usable.
 */
public final class ClusterMonitor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClusterMonitor.class);
    private static final Duration UP_INTERVAL = Duration.ofSeconds(5);
    private static final Duration DOWN_INTERVAL = Duration.ofSeconds(1);
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(5);

    private final ElasticsearchConnection connection;
    private final Clock clock;
    private final AtomicReference<ClusterState> state;
    private final List<Consumer<ClusterState>> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "es-monitor");
        t.setDaemon(true);
        return t;
    });
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private volatile boolean closed;

    public ClusterMonitor(ElasticsearchConnection connection, Clock clock) {
        this.connection = connection;
        this.clock = clock;
        Instant now = clock.instant();
        this.state = new AtomicReference<>(new ClusterState(ClusterState.Status.UNKNOWN, null, "not checked yet", now, now));
    }

    /** Checks once now (blocking, at most a few seconds), then keeps checking in the background. */
    public ClusterState start() {
        check();
        scheduleNext();
        return state.get();
    }

    public ClusterState state() {
        return state.get();
    }

    public void onChange(Consumer<ClusterState> listener) {
        listeners.add(listener);
    }

    /**
     * Something failed to reach Elasticsearch (a bulk request, a search): check again at once
     * instead of waiting for the next scheduled check.
     */
    public void suspect() {
        if (!closed) {
            scheduler.execute(this::check);
        }
    }

    /**
     * Blocks until Elasticsearch is UP, the timeout passes or the thread is interrupted.
     *
     * @return whether it is UP
     */
    public boolean awaitUp(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (!state.get().isUp() && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
            return state.get().isUp();
        } finally {
            lock.unlock();
        }
    }

    private void scheduleNext() {
        if (closed) {
            return;
        }
        Duration next = state.get().isUp() ? UP_INTERVAL : DOWN_INTERVAL;
        scheduler.schedule(() -> {
            check();
            scheduleNext();
        }, next.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void check() {
        ClusterState.Status status;
        String health = null;
        String message = null;
        CompletableFuture<HealthResponse> future = null;
        try {
            future = connection.async().cluster().health(h -> h.timeout(t -> t.time("2s")));
            HealthResponse response = future.get(CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            health = response.status().jsonValue();
            if (response.status() == HealthStatus.Red) {
                status = ClusterState.Status.DOWN;
                message = "cluster health is red: some indices are unavailable (" + response.unassignedShards()
                        + " unassigned shards)";
            } else {
                status = ClusterState.Status.UP;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (java.util.concurrent.TimeoutException e) {
            future.cancel(true);
            status = ClusterState.Status.DOWN;
            message = "no answer from " + connection.url() + " within " + CHECK_TIMEOUT.toSeconds() + "s";
        } catch (Exception e) {
            status = ClusterState.Status.DOWN;
            message = "cannot reach " + connection.url() + ": " + describe(e);
        }
        update(status, health, message);
    }

    private void update(ClusterState.Status status, String health, String message) {
        Instant now = clock.instant();
        ClusterState old = state.get();
        boolean statusChanged = old.status() != status;
        ClusterState next = new ClusterState(status, health, message, statusChanged ? now : old.since(), now);
        state.set(next);
        if (statusChanged) {
            if (status == ClusterState.Status.UP) {
                log.info("Elasticsearch is up ({}){}", health, old.status() == ClusterState.Status.DOWN
                        ? " again after " + Duration.between(old.since(), now).toSeconds() + "s" : "");
            } else if (status == ClusterState.Status.DOWN) {
                log.warn("Elasticsearch is down: {}. Sources pause and resume when it is back; nothing is dropped.", message);
            }
            lock.lock();
            try {
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            for (Consumer<ClusterState> l : listeners) {
                try {
                    l.accept(next);
                } catch (RuntimeException e) {
                    log.warn("cluster state listener failed", e);
                }
            }
        }
    }

    /** A readable one-line description of a client failure. */
    public static String describe(Throwable e) {
        Throwable t = e;
        while ((t instanceof java.util.concurrent.ExecutionException || t instanceof java.util.concurrent.CompletionException
                || t.getClass().getName().endsWith("TransportException")) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof java.net.ConnectException) {
            return "connection refused";
        }
        String msg = t.getMessage();
        return msg == null || msg.isBlank() ? t.getClass().getSimpleName() : msg;
    }

    @Override
    public void close() {
        closed = true;
        scheduler.shutdownNow();
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
