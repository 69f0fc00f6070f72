package io.earshot.plugins.x;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.earshot.api.Checkpoint;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * The posts read today, against the daily budget: X bills an app for every post it reads. The
 * day (UTC) and its count are the checkpoint of the partition {@value #PARTITION},
 * {@code {"v":1,"day":"2026-11-20","read":340}}, so a restart goes on counting. Touched by the task
 * thread only.
 */
final class ReadBudget {

    static final String PARTITION = "budget";
    /** X's smallest page ({@code max_results} must be 10 to 100). */
    static final int MIN_PAGE = 10;
    static final int MAX_PAGE = 100;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Clock clock;
    private final int perDay;
    private LocalDate day;
    private int read;
    private boolean changed;

    private ReadBudget(Clock clock, int perDay, LocalDate day) {
        this.clock = clock;
        this.perDay = perDay;
        this.day = day;
    }

    /** The budget as committed, or a fresh one; a count of an earlier day counts as zero. */
    static ReadBudget restore(String position, Clock clock, int perDay) {
        LocalDate today = today(clock);
        ReadBudget budget = new ReadBudget(clock, perDay, today);
        if (position != null && !position.isBlank()) {
            try {
                JsonNode n = JSON.readTree(position);
                if (n != null && n.path("v").asInt() == 1 && today.toString().equals(n.path("day").asText())) {
                    budget.read = Math.max(0, n.path("read").asInt());
                }
            } catch (JacksonException e) {
                // unreadable: count afresh
            }
        }
        return budget;
    }

    /** How many posts the next page may ask for: up to 100, and 0 when less than X's smallest page is left. */
    int nextPageSize() {
        rollOver();
        int left = perDay - read;
        return left < MIN_PAGE ? 0 : Math.min(MAX_PAGE, left);
    }

    void count(int posts) {
        rollOver();
        if (posts > 0) {
            read += posts;
            changed = true;
        }
    }

    int read() {
        rollOver();
        return read;
    }

    int perDay() {
        return perDay;
    }

    Instant resetsAt() {
        rollOver();
        return day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    Duration untilReset() {
        return Duration.between(clock.instant(), resetsAt());
    }

    /** "340 of 1,000 posts read today; resets at 00:00 UTC". */
    String status() {
        return number(read()) + " of " + number(perDay) + " posts read today; resets at 00:00 UTC";
    }

    /** The checkpoint to commit if the count changed since the last call; null otherwise. */
    Checkpoint takeCheckpoint() {
        rollOver();
        if (!changed) {
            return null;
        }
        changed = false;
        return new Checkpoint(PARTITION, JSON.createObjectNode().put("v", 1).put("day", day.toString())
                .put("read", read).toString());
    }

    static String number(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private void rollOver() {
        LocalDate today = today(clock);
        if (!today.equals(day)) {
            day = today;
            read = 0;
            changed = true;
        }
    }

    private static LocalDate today(Clock clock) {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
