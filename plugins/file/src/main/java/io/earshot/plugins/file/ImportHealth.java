package io.earshot.plugins.file;

import io.earshot.api.HealthReporter;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

/**
 * What the user sees of an import beside the mentions: progress, records skipped or repaired (with
 * the first and last reason), trouble with the file itself. The source shows DEGRADED while a
 * problem happened within the last {@link #RECENT} and recovers by itself after that.
 */
final class ImportHealth {

    static final Duration RECENT = Duration.ofMinutes(10);
    static final String PROGRESS = "progress";
    static final String SKIPPED = "skipped";
    static final String REPAIRED = "repaired";
    static final String FILE = "file";
    static final String REPLAY = "replay";

    private final HealthReporter reporter;
    private final Clock clock;

    private long skipped;
    private String firstSkip;
    private String lastSkip;
    private long repaired;
    private String firstRepair;
    private String lastRepair;
    private String lastProblem;
    private long lastProblemAt = Long.MIN_VALUE;
    private boolean changed;
    private boolean degraded;

    ImportHealth(HealthReporter reporter, Clock clock) {
        this.reporter = reporter;
        this.clock = clock;
    }

    /** A record was not imported. */
    void skipped(long line, String reason) {
        String what = "line " + String.format(Locale.ROOT, "%,d", line) + ": " + reason;
        skipped++;
        if (firstSkip == null) {
            firstSkip = what;
        }
        lastSkip = what;
        problem(what);
    }

    /** A record was imported with a value fixed or left out. */
    void repaired(long line, String note) {
        String what = "line " + String.format(Locale.ROOT, "%,d", line) + ": " + note;
        repaired++;
        if (firstRepair == null) {
            firstRepair = what;
        }
        lastRepair = what;
        problem(what);
    }

    /** Something happened to the file itself (truncated, replaced, deleted). */
    void fileProblem(String message) {
        reporter.status(FILE, message);
        problem(message);
    }

    private void problem(String message) {
        lastProblem = message;
        lastProblemAt = clock.millis();
        changed = true;
    }

    void status(String key, String value) {
        reporter.status(key, value);
    }

    /** Updates the status lines and the degraded state; call once per poll. */
    void publish() {
        if (changed) {
            changed = false;
            if (skipped > 0) {
                reporter.status(SKIPPED, summary(skipped, "record skipped", "records skipped", firstSkip, lastSkip));
            }
            if (repaired > 0) {
                reporter.status(REPAIRED, summary(repaired, "record imported with a repair",
                        "records imported with repairs", firstRepair, lastRepair));
            }
            reporter.degraded("problems with " + (skipped + repaired == 0 ? "the file" : "records of the file")
                    + "; the latest: " + lastProblem);
            degraded = true;
        } else if (degraded && clock.millis() - lastProblemAt >= RECENT.toMillis()) {
            reporter.recovered();
            degraded = false;
        }
    }

    private static String summary(long n, String one, String many, String first, String last) {
        String count = String.format(Locale.ROOT, "%,d", n);
        if (n == 1) {
            return "1 " + one + ": " + first;
        }
        return count + " " + many + " since the task started; first: " + first
                + (last.equals(first) ? "" : "; last: " + last);
    }

    /** "45,210 of ~100,000 records (45%)", by the share of bytes read. */
    static String progress(long records, long offset, long dataStart, long size) {
        long total = size - dataStart;
        long done = Math.max(0, offset - dataStart);
        if (total <= 0 || done == 0 || records == 0) {
            return String.format(Locale.ROOT, "%,d records read (%d%% of %s)", records,
                    total <= 0 ? 0 : (long) Math.floor(100.0 * Math.min(done, total) / total), bytes(size));
        }
        double share = Math.min(1.0, (double) done / total);
        long estimate = roundToThreeDigits(Math.round(records / share));
        return String.format(Locale.ROOT, "%,d of ~%,d records (%d%%)", records, Math.max(estimate, records),
                (long) Math.floor(share * 100));
    }

    /** "1.5 MB" */
    static String bytes(long n) {
        if (n < 1024) {
            return n + " bytes";
        }
        if (n < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", n / 1024.0);
        }
        if (n < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MB", n / (1024.0 * 1024));
        }
        return String.format(Locale.ROOT, "%.1f GB", n / (1024.0 * 1024 * 1024));
    }

    private static long roundToThreeDigits(long n) {
        long scale = 1;
        while (n / scale >= 1000) {
            scale *= 10;
        }
        return Math.round((double) n / scale) * scale;
    }
}
