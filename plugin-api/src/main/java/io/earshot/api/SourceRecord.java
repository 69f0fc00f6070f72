package io.earshot.api;

/**
 * One element of what {@link SourceTask#poll()} returns: a mention and the checkpoint reached
 * once it (and everything returned before it) is stored.
 *
 * <p>Either part may be absent: a record without a checkpoint stores a mention without moving the
 * cursor (typical inside a page whose cursor is only known at its end); a record without a mention
 * moves the cursor without storing anything (a feed answered {@code 304 Not Modified} with a new
 * ETag, or a page held nothing new).
 *
 * @param mention    the mention to store, or {@code null}
 * @param checkpoint the position reached after this record, or {@code null}
 */
public record SourceRecord(Mention mention, Checkpoint checkpoint) {

    public SourceRecord {
        if (mention == null && checkpoint == null) {
            throw new IllegalArgumentException("a source record needs a mention, a checkpoint or both");
        }
    }

    public static SourceRecord of(Mention mention, Checkpoint checkpoint) {
        return new SourceRecord(mention, checkpoint);
    }

    public static SourceRecord of(Mention mention) {
        return new SourceRecord(mention, null);
    }

    /** A record that only advances the cursor of a partition. */
    public static SourceRecord checkpointOnly(Checkpoint checkpoint) {
        return new SourceRecord(null, checkpoint);
    }
}
