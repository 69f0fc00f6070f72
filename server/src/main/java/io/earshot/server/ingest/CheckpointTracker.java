package io.earshot.server.ingest;

import io.earshot.api.Checkpoint;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Orders the records of one source and decides which checkpoints may be committed: a checkpoint is
 * committable only when every record registered before it has been acknowledged, however the
 * acknowledgements arrive (bulk requests run concurrently and retries reorder them). One tracker
 * lives as long as its source, across task restarts, so commits never go backwards. Thread-safe.
 */
public final class CheckpointTracker {

    private static final Checkpoint NONE = new Checkpoint("-", "");

    private final TreeMap<Long, Checkpoint> inFlight = new TreeMap<>();
    private final java.util.Set<Long> done = new java.util.HashSet<>();
    private final Map<String, Checkpoint> dirty = new LinkedHashMap<>();
    private final Map<String, Checkpoint> committed = new HashMap<>();
    private long nextSeq = 1;

    public CheckpointTracker(Map<String, Checkpoint> committed) {
        this.committed.putAll(committed);
    }

    /** Registers the next record; returns its sequence number. */
    public synchronized long register(Checkpoint checkpoint) {
        long seq = nextSeq++;
        inFlight.put(seq, checkpoint == null ? NONE : checkpoint);
        return seq;
    }

    /** The record is stored (or needs no storing); advances the frontier if it can. */
    public synchronized void done(long seq) {
        if (!inFlight.containsKey(seq)) {
            return;
        }
        done.add(seq);
        while (!inFlight.isEmpty() && done.remove(inFlight.firstKey())) {
            Checkpoint cp = inFlight.pollFirstEntry().getValue();
            if (cp != NONE) {
                dirty.put(cp.partition(), cp);
            }
        }
    }

    /** Records registered but not yet done. */
    public synchronized int inFlight() {
        return inFlight.size();
    }

    /** Checkpoints reached but not yet committed; they are removed from the tracker's dirty set. */
    public synchronized Map<String, Checkpoint> takeDirty() {
        if (dirty.isEmpty()) {
            return Map.of();
        }
        Map<String, Checkpoint> out = new LinkedHashMap<>(dirty);
        dirty.clear();
        return out;
    }

    /** The commit of these checkpoints succeeded. */
    public synchronized void committed(Map<String, Checkpoint> checkpoints) {
        committed.putAll(checkpoints);
    }

    /** The commit failed: keep them for the next attempt unless newer ones arrived meanwhile. */
    public synchronized void commitFailed(Map<String, Checkpoint> checkpoints) {
        checkpoints.forEach(dirty::putIfAbsent);
    }

    /** The last committed checkpoint of every partition. */
    public synchronized Map<String, Checkpoint> committed() {
        return Map.copyOf(committed);
    }
}
