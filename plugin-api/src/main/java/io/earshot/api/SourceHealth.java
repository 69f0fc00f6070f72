package io.earshot.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The health of one configured source, as the API shows it.
 *
 * @param state               overall state
 * @param message             why, when not RUNNING; {@code null} otherwise
 * @param lastPollAt          when the last poll finished
 * @param lastSuccessAt       when a poll last finished without error
 * @param lastErrorAt         when the last error happened
 * @param lastError           the last error, readable
 * @param consecutiveFailures failed polls in a row
 * @param nextPollAt          when the next poll is due, if scheduled
 * @param waitingFor          what the source waits for before polling again (e.g. "Elasticsearch"),
 *                            or {@code null}
 * @param partitions          partitions with a reported state
 * @param status              status lines reported by the task (quota, backoff, progress)
 * @param counters            counters since the server started: polls, pollErrors, mentionsCollected,
 *                            mentionsIndexed, mentionsRejected
 */
public record SourceHealth(SourceState state, String message, Instant lastPollAt, Instant lastSuccessAt,
                           Instant lastErrorAt, String lastError, int consecutiveFailures, Instant nextPollAt,
                           String waitingFor, List<PartitionHealth> partitions, Map<String, String> status,
                           Map<String, Long> counters) {

    public SourceHealth {
        partitions = partitions == null ? List.of() : List.copyOf(partitions);
        status = status == null ? Map.of() : Map.copyOf(status);
        counters = counters == null ? Map.of() : Map.copyOf(counters);
    }
}
