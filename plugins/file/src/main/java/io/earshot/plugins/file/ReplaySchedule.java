package io.earshot.plugins.file;

import java.time.Instant;

/**
 * When each record of a replay is due: a record with timestamp {@code t} is released at
 * {@code start + (t - t0) / speed}, where {@code t0} is the timestamp of the first record with one
 * and {@code start} the moment it was read. Records older than {@code t0} are due at once; a record
 * without timestamp goes with the one before it. After a restart the schedule starts afresh at the
 * first record read, so the import resumes at once and keeps the gaps from there. Times are
 * milliseconds of the task's clock.
 */
final class ReplaySchedule {

    private final double speed;
    private boolean anchored;
    private long anchorTime;
    private long anchorWall;
    private long lastDue = Long.MIN_VALUE;

    /** @param speed how many times faster than recorded; above 0 */
    ReplaySchedule(double speed) {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("speed must be above 0");
        }
        this.speed = speed;
    }

    /** When a record with this timestamp (or none) is due, read at {@code now}. */
    long dueAt(Instant time, long now) {
        if (time == null) {
            return lastDue == Long.MIN_VALUE ? now : lastDue;
        }
        long t = time.toEpochMilli();
        if (!anchored) {
            anchored = true;
            anchorTime = t;
            anchorWall = now;
        }
        lastDue = anchorWall + (long) Math.ceil((t - anchorTime) / speed);
        return lastDue;
    }

    /** Starts the schedule afresh at the next record (the file was replaced). */
    void restart() {
        anchored = false;
        lastDue = Long.MIN_VALUE;
    }

    double speed() {
        return speed;
    }
}
