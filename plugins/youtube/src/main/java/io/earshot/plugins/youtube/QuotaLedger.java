package io.earshot.plugins.youtube;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.earshot.api.Checkpoint;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The YouTube quota units this source used today. YouTube counts a quota per Google Cloud project
 * and day, resetting at midnight Pacific time; every call costs units whether it succeeds or not
 * ({@code search.list} 100, {@code videos.list}, {@code channels.list} and
 * {@code commentThreads.list} 1). The day's total is the checkpoint of the partition
 * {@value #PARTITION}, {@code {"v":1,"day":"2026-11-20","used":4300}}, so a restart goes on counting.
 *
 * <p>Calls are made only while the day's total plus their cost stays within the daily quota minus
 * the reserve. Touched by the task thread only.
 */
final class QuotaLedger {

    static final String PARTITION = "quota";
    static final int SEARCH_COST = 100;
    static final int LIST_COST = 1;
    static final ZoneId PACIFIC = ZoneId.of("America/Los_Angeles");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final Clock clock;
    private final int dailyQuota;
    private final int reserve;
    private LocalDate day;
    private int used;
    private boolean changed;

    private QuotaLedger(Clock clock, int dailyQuota, int reserve, LocalDate day, int used) {
        this.clock = clock;
        this.dailyQuota = dailyQuota;
        this.reserve = reserve;
        this.day = day;
        this.used = used;
    }

    /** The ledger as committed, or a fresh one; a total of an earlier Pacific day counts as zero. */
    static QuotaLedger restore(String position, Clock clock, int dailyQuota, int reserve) {
        LocalDate today = today(clock);
        QuotaLedger ledger = new QuotaLedger(clock, dailyQuota, reserve, today, 0);
        if (position == null || position.isBlank()) {
            return ledger;
        }
        try {
            JsonNode n = JSON.readTree(position);
            if (n != null && n.path("v").asInt() == 1 && today.toString().equals(n.path("day").asText())) {
                ledger.used = Math.max(0, n.path("used").asInt());
            }
        } catch (JacksonException e) {
            // unreadable: start counting afresh
        }
        return ledger;
    }

    /** Whether a call of this cost fits today's quota, minus the reserve. */
    boolean canAfford(int cost) {
        rollOver();
        return used + cost <= dailyQuota - reserve;
    }

    /** Counts a call that YouTube answered (successfully or not). */
    void spend(int cost) {
        rollOver();
        used += cost;
        changed = true;
    }

    /** YouTube said the project's quota is used up (other users of the key count too): stop for today. */
    void exhaust() {
        rollOver();
        used = Math.max(used, dailyQuota);
        changed = true;
    }

    int used() {
        rollOver();
        return used;
    }

    int dailyQuota() {
        return dailyQuota;
    }

    /** Units this source may use per day. */
    int usable() {
        return dailyQuota - reserve;
    }

    /** When the quota resets: the next midnight, Pacific time. */
    Instant resetsAt() {
        rollOver();
        return day.plusDays(1).atStartOfDay(PACIFIC).toInstant();
    }

    Duration untilReset() {
        return Duration.between(clock.instant(), resetsAt());
    }

    /** "08:00 UTC (midnight Pacific time)". */
    String resetText() {
        return HOUR.format(resetsAt()) + " (midnight Pacific time)";
    }

    /** The status line: "4,300 of 10,000 units used today; resets at 08:00 UTC (midnight Pacific time)". */
    String status() {
        return number(used()) + " of " + number(dailyQuota) + " units used today"
                + (reserve > 0 ? " (" + number(reserve) + " kept in reserve)" : "")
                + "; resets at " + resetText();
    }

    /** The checkpoint to commit if the total changed since the last call; null otherwise. */
    Checkpoint takeCheckpoint() {
        rollOver();
        if (!changed) {
            return null;
        }
        changed = false;
        return new Checkpoint(PARTITION, JSON.createObjectNode().put("v", 1).put("day", day.toString())
                .put("used", used).toString());
    }

    static String number(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private void rollOver() {
        LocalDate today = today(clock);
        if (!today.equals(day)) {
            day = today;
            used = 0;
            changed = true;
        }
    }

    private static LocalDate today(Clock clock) {
        return LocalDate.ofInstant(clock.instant(), PACIFIC);
    }
}
