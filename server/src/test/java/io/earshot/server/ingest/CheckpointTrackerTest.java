package io.earshot.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.api.Checkpoint;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A checkpoint is committed only when everything before it is stored, whatever the ack order. */
class CheckpointTrackerTest {

    @Test
    void out_of_order_acknowledgements_never_commit_past_a_gap() {
        CheckpointTracker t = new CheckpointTracker(Map.of());
        long a = t.register(new Checkpoint("feed", "1"));
        long b = t.register(new Checkpoint("feed", "2"));
        long c = t.register(new Checkpoint("feed", "3"));

        t.done(c);
        t.done(b);
        assertThat(t.takeDirty()).isEmpty();
        assertThat(t.inFlight()).isEqualTo(3);

        t.done(a);
        assertThat(t.takeDirty()).containsExactly(Map.entry("feed", new Checkpoint("feed", "3")));
        assertThat(t.inFlight()).isZero();
    }

    @Test
    void partitions_advance_independently_and_records_without_checkpoint_just_pass() {
        CheckpointTracker t = new CheckpointTracker(Map.of("b", new Checkpoint("b", "0")));
        long a1 = t.register(new Checkpoint("a", "1"));
        long none = t.register(null);
        long b1 = t.register(new Checkpoint("b", "1"));
        t.done(a1);
        t.done(none);
        assertThat(t.takeDirty()).containsOnlyKeys("a");
        t.done(b1);
        Map<String, Checkpoint> dirty = t.takeDirty();
        assertThat(dirty).containsOnlyKeys("b");
        t.committed(dirty);
        assertThat(t.committed()).containsEntry("b", new Checkpoint("b", "1"));
    }

    @Test
    void a_failed_commit_is_retried_unless_a_newer_checkpoint_arrived() {
        CheckpointTracker t = new CheckpointTracker(Map.of());
        t.done(t.register(new Checkpoint("a", "1")));
        t.done(t.register(new Checkpoint("b", "1")));
        Map<String, Checkpoint> first = t.takeDirty();
        t.done(t.register(new Checkpoint("a", "2")));
        t.commitFailed(first);
        assertThat(t.takeDirty()).containsEntry("a", new Checkpoint("a", "2")).containsEntry("b", new Checkpoint("b", "1"));
    }

    @Test
    void acknowledging_twice_or_an_unknown_sequence_changes_nothing() {
        CheckpointTracker t = new CheckpointTracker(Map.of());
        long a = t.register(new Checkpoint("a", "1"));
        long b = t.register(new Checkpoint("a", "2"));
        t.done(b);
        t.done(b);
        t.done(999);
        assertThat(t.takeDirty()).isEmpty();
        t.done(a);
        assertThat(t.takeDirty()).containsEntry("a", new Checkpoint("a", "2"));
    }
}
