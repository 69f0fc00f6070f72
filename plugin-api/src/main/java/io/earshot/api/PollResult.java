package io.earshot.api;

import java.util.List;

/**
 * What one call of {@link SourceTask#poll()} produced.
 *
 * @param records the records in the order they were read; checkpoints are committed in this order
 * @param hasMore {@code true} when the source already knows more is waiting (a backlog, the next
 *                page, a live stream): the server then polls again as soon as the records are
 *                handed on, instead of waiting for the poll interval. A task that answers
 *                {@code true} with no records must have blocked for a while (up to a second or so)
 *                waiting for data, so that the loop does not spin.
 */
public record PollResult(List<SourceRecord> records, boolean hasMore) {

    private static final PollResult EMPTY = new PollResult(List.of(), false);

    public PollResult {
        records = List.copyOf(records);
    }

    /** Nothing new until the next scheduled poll. */
    public static PollResult empty() {
        return EMPTY;
    }

    /** Everything new for now; poll again on schedule. */
    public static PollResult done(List<SourceRecord> records) {
        return new PollResult(records, false);
    }

    /** A batch of a larger backlog; poll again immediately. */
    public static PollResult more(List<SourceRecord> records) {
        return new PollResult(records, true);
    }
}
