package io.earshot.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.api.SourceHealth;
import io.earshot.api.SourceState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** How the reports of a task and the runner's observations become the state a user sees. */
class SourceStatusTest {

    private Instant now = Instant.parse("2026-11-22T12:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void one_failing_partition_of_several_is_degraded_and_all_failing_is_failing() {
        SourceStatus s = new SourceStatus(clock);
        s.pollSucceeded(3);
        s.partitionRecovered("a");
        s.partitionFailed("b", "answered HTTP 404");
        SourceHealth h = s.snapshot();
        assertThat(h.state()).isEqualTo(SourceState.DEGRADED);
        assertThat(h.message()).isEqualTo("1 of 2 failing; b: answered HTTP 404");
        s.partitionFailed("a", "not a feed");
        assertThat(s.snapshot().state()).isEqualTo(SourceState.FAILING);
    }

    @Test
    void a_rate_limited_partition_is_waiting_not_failing_until_its_time_passes() {
        SourceStatus s = new SourceStatus(clock);
        s.pollSucceeded(0);
        s.partitionWaiting("only", now.plusSeconds(120), "rate limited (HTTP 429)");
        SourceHealth h = s.snapshot();
        assertThat(h.state()).isEqualTo(SourceState.DEGRADED);
        assertThat(h.message()).contains("rate limited (HTTP 429)").contains("retrying at 2026-11-22T12:02:00Z");
        now = now.plus(Duration.ofMinutes(3));
        assertThat(s.snapshot().state()).as("the wait is over and it was not read again").isEqualTo(SourceState.FAILING);
        s.partitionRecovered("only");
        assertThat(s.snapshot().state()).isEqualTo(SourceState.RUNNING);
    }

    @Test
    void repeated_poll_failures_turn_degraded_into_failing_and_a_fatal_one_at_once() {
        SourceStatus s = new SourceStatus(clock);
        s.pollFailed("timeout", false);
        assertThat(s.snapshot().state()).isEqualTo(SourceState.DEGRADED);
        s.pollFailed("timeout", false);
        s.pollFailed("timeout", false);
        assertThat(s.snapshot().state()).isEqualTo(SourceState.FAILING);
        s.pollSucceeded(1);
        assertThat(s.snapshot().state()).isEqualTo(SourceState.RUNNING);
        s.pollFailed("credentials rejected by X", true);
        assertThat(s.snapshot().state()).isEqualTo(SourceState.FAILING);
        assertThat(s.snapshot().counters()).containsEntry("polls", 5L).containsEntry("pollErrors", 4L);
    }

    @Test
    void reconfiguring_forgets_old_reports_but_keeps_counters() {
        SourceStatus s = new SourceStatus(clock);
        s.pollSucceeded(7);
        s.partitionFailed("x", "gone");
        s.degraded("slow");
        s.reset();
        SourceHealth h = s.snapshot();
        assertThat(h.state()).isEqualTo(SourceState.STARTING);
        assertThat(h.partitions()).isEmpty();
        assertThat(h.counters()).containsEntry("mentionsCollected", 7L);
    }
}
