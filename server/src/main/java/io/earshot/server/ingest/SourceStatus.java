package io.earshot.server.ingest;

import io.earshot.api.HealthReporter;
import io.earshot.api.PartitionHealth;
import io.earshot.api.SourceHealth;
import io.earshot.api.SourceState;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live health of one source: what its runner observed (polls, failures, backoff, waiting for
 * Elasticsearch), what its task reported (failing partitions, degraded, status lines) and what
 * became of its mentions (indexed, rejected). Thread-safe; {@link #snapshot()} gives the
 * {@link SourceHealth} the API shows.
 */
public final class SourceStatus implements HealthReporter {

    /** Failed polls in a row after which a source shows FAILING rather than DEGRADED. */
    static final int FAILING_AFTER = 3;
    private static final int MAX_PARTITIONS = 500;

    private final Clock clock;
    private final Map<String, PartitionHealth> partitions = new ConcurrentHashMap<>();
    private final Map<String, String> status = new ConcurrentHashMap<>();
    private final AtomicLong polls = new AtomicLong();
    private final AtomicLong pollErrors = new AtomicLong();
    private final AtomicLong collected = new AtomicLong();
    private final AtomicLong indexed = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    private volatile boolean paused;
    private volatile boolean started;
    private volatile Instant lastPollAt;
    private volatile Instant lastSuccessAt;
    private volatile Instant lastErrorAt;
    private volatile String lastError;
    private volatile boolean lastErrorFatal;
    private volatile int consecutiveFailures;
    private volatile Instant nextPollAt;
    private volatile String waitingFor;
    private volatile String degraded;
    private volatile String lastRejection;
    private volatile Instant lastRejectionAt;
    private volatile Instant pollStartedAt;

    public SourceStatus(Clock clock) {
        this.clock = clock;
    }

    // ---- HealthReporter: what the task says ----

    @Override
    public void partitionFailed(String partition, String message) {
        if (partitions.size() >= MAX_PARTITIONS && !partitions.containsKey(partition)) {
            return;
        }
        PartitionHealth old = partitions.get(partition);
        Instant since = old != null && !old.ok() ? old.since() : clock.instant();
        partitions.put(partition, new PartitionHealth(partition, false, message, since, null));
    }

    @Override
    public void partitionWaiting(String partition, Instant until, String message) {
        if (partitions.size() >= MAX_PARTITIONS && !partitions.containsKey(partition)) {
            return;
        }
        PartitionHealth old = partitions.get(partition);
        Instant since = old != null && !old.ok() ? old.since() : clock.instant();
        partitions.put(partition, new PartitionHealth(partition, false, message, since, until));
    }

    @Override
    public void partitionRecovered(String partition) {
        PartitionHealth old = partitions.get(partition);
        if (old == null || !old.ok()) {
            if (partitions.size() >= MAX_PARTITIONS && old == null) {
                return;
            }
            partitions.put(partition, new PartitionHealth(partition, true, null, clock.instant(), null));
        }
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

    /**
     * The source was reconfigured: forget what the old configuration's task reported (failing
     * partitions, degraded, status lines, errors); keep the counters.
     */
    void reset() {
        partitions.clear();
        status.clear();
        degraded = null;
        lastError = null;
        lastErrorAt = null;
        lastErrorFatal = false;
        consecutiveFailures = 0;
        started = false;
        waitingFor = null;
        pollStartedAt = null;
    }

    long polls() {
        return polls.get();
    }

    long pollErrors() {
        return pollErrors.get();
    }

    long collected() {
        return collected.get();
    }

    // ---- what the runner sees ----

    void paused(boolean paused) {
        this.paused = paused;
    }

    void pollStarted() {
        pollStartedAt = clock.instant();
    }

    /** When the running poll started, or null when no poll is running. */
    Instant pollStartedAt() {
        return pollStartedAt;
    }

    void pollSucceeded(int records) {
        Instant now = clock.instant();
        pollStartedAt = null;
        started = true;
        polls.incrementAndGet();
        lastPollAt = now;
        lastSuccessAt = now;
        consecutiveFailures = 0;
        lastErrorFatal = false;
        collected.addAndGet(records);
    }

    void pollFailed(String message, boolean fatal) {
        Instant now = clock.instant();
        pollStartedAt = null;
        started = true;
        polls.incrementAndGet();
        pollErrors.incrementAndGet();
        lastPollAt = now;
        lastErrorAt = now;
        lastError = message;
        lastErrorFatal = fatal;
        consecutiveFailures++;
    }

    /** The task could not even start. */
    void startFailed(String message, boolean fatal) {
        pollFailed(message, fatal);
        polls.decrementAndGet();
    }

    void nextPollAt(Instant at) {
        nextPollAt = at;
    }

    Instant nextPollAt() {
        return nextPollAt;
    }

    void waitingFor(String what) {
        waitingFor = what;
    }

    void dropped(int n) {
        dropped.addAndGet(n);
    }

    void indexed() {
        indexed.incrementAndGet();
    }

    void rejected(String reason) {
        rejected.incrementAndGet();
        lastRejection = reason;
        lastRejectionAt = clock.instant();
    }

    int consecutiveFailures() {
        return consecutiveFailures;
    }

    /** The health the API shows. */
    public SourceHealth snapshot() {
        List<PartitionHealth> parts = new ArrayList<>(partitions.values());
        parts.sort(Comparator.comparing(PartitionHealth::ok).thenComparing(PartitionHealth::partition));
        Instant now = clock.instant();
        long waitingParts = parts.stream().filter(p -> p.waitingAt(now)).count();
        long failingParts = parts.stream().filter(p -> !p.ok()).count() - waitingParts;
        SourceState state;
        String message = null;
        if (paused) {
            state = SourceState.PAUSED;
            message = "paused";
        } else if (consecutiveFailures > 0 && (lastErrorFatal || consecutiveFailures >= FAILING_AFTER)) {
            state = SourceState.FAILING;
            message = lastError;
        } else if (consecutiveFailures > 0) {
            state = SourceState.DEGRADED;
            message = lastError;
        } else if (failingParts > 0 && failingParts == parts.size()) {
            state = SourceState.FAILING;
            message = partitionSummary(parts, failingParts, now);
        } else if (failingParts + waitingParts > 0) {
            state = SourceState.DEGRADED;
            message = partitionSummary(parts, failingParts, now);
        } else if (degraded != null) {
            state = SourceState.DEGRADED;
            message = degraded;
        } else if (lastRejectionAt != null && lastSuccessAt != null && !lastRejectionAt.isBefore(lastSuccessAt.minusSeconds(3600))) {
            state = SourceState.DEGRADED;
            message = rejected.get() + " mention(s) refused by Elasticsearch and kept in the dead-letter index; last: "
                    + lastRejection;
        } else if (!started) {
            state = SourceState.STARTING;
        } else {
            state = SourceState.RUNNING;
        }
        if (state == SourceState.DEGRADED && degraded != null && message != null && !message.equals(degraded)) {
            message = message + "; " + degraded;
        }
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("polls", polls.get());
        counters.put("pollErrors", pollErrors.get());
        counters.put("mentionsCollected", collected.get());
        counters.put("mentionsIndexed", indexed.get());
        counters.put("mentionsRejected", rejected.get());
        counters.put("mentionsDropped", dropped.get());
        return new SourceHealth(state, message, lastPollAt, lastSuccessAt, lastErrorAt, lastError, consecutiveFailures,
                paused ? null : nextPollAt, waitingFor, parts, status, counters);
    }

    private static String partitionSummary(List<PartitionHealth> parts, long failing, Instant now) {
        if (failing == 0) {
            PartitionHealth first = parts.stream().filter(p -> p.waitingAt(now)).findFirst().orElseThrow();
            long waiting = parts.stream().filter(p -> p.waitingAt(now)).count();
            return (parts.size() == 1 ? "" : waiting + " of " + parts.size() + " waiting; ") + first.partition() + ": "
                    + first.message() + " (retrying at " + first.waitUntil() + ")";
        }
        PartitionHealth first = parts.stream().filter(p -> !p.ok() && !p.waitingAt(now)).findFirst().orElseThrow();
        return failing == parts.size() && parts.size() == 1
                ? first.partition() + ": " + first.message()
                : failing + " of " + parts.size() + " failing; " + first.partition() + ": " + first.message();
    }
}
