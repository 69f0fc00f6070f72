package io.earshot.plugins.youtube;

import java.time.Duration;

/**
 * Spreads the daily quota over the day, so that a source does not use it all up in the morning
 * and go blind until midnight Pacific time: each query is searched, and each channel's or video's
 * comments read, at most once per interval derived from the units this source may use.
 *
 * <p>While there are comments to read, searches get {@value #SEARCH_SHARE_PERCENT}% of the units and
 * comments the rest; otherwise one kind gets everything. A search is reckoned at one page plus the
 * {@code videos.list} and {@code channels.list} calls for its results.
 *
 * @param searchEvery  how often each query is searched
 * @param commentEvery how often each channel's or video's comments are read
 */
record Pacing(Duration searchEvery, Duration commentEvery) {

    static final int SEARCH_SHARE_PERCENT = 70;
    static final int SEARCH_RUN_COST = QuotaLedger.SEARCH_COST + 2;
    private static final Duration DAY = Duration.ofDays(1);

    /**
     * @param usable            units the source may use per day
     * @param queries           number of queries
     * @param commentPartitions channels plus followed videos
     */
    static Pacing of(int usable, int queries, int commentPartitions) {
        int searchShare = queries == 0 ? 0 : commentPartitions > 0 ? SEARCH_SHARE_PERCENT : 100;
        long searchUnits = (long) usable * searchShare / 100;
        long commentUnits = usable - searchUnits;
        Duration searchEvery = every(queries == 0 ? 0 : searchUnits / ((long) SEARCH_RUN_COST * queries));
        Duration commentEvery = every(commentPartitions == 0 ? commentUnits
                : commentUnits / ((long) QuotaLedger.LIST_COST * commentPartitions));
        return new Pacing(searchEvery, commentEvery);
    }

    /** The status line, e.g. "each query searched every 19m, comments of 12 channels and videos read every 42m". */
    String describe(int queries, int commentPartitions) {
        StringBuilder s = new StringBuilder();
        if (queries > 0) {
            s.append(queries == 1 ? "the query is" : "each query is").append(" searched at most every ")
                    .append(format(searchEvery));
        }
        if (commentPartitions > 0) {
            if (!s.isEmpty()) {
                s.append("; ");
            }
            s.append("comments of ").append(commentPartitions)
                    .append(commentPartitions == 1 ? " channel or video are" : " channels and videos are")
                    .append(" read at most every ").append(format(commentEvery));
        }
        return s.isEmpty() ? null : s.append(", to last the day's quota").toString();
    }

    private static Duration every(long runsPerDay) {
        return runsPerDay <= 0 ? DAY : DAY.dividedBy(runsPerDay);
    }

    /** "19m", "1h30m", "45s": rounded to what a user cares about. */
    static String format(Duration d) {
        if (d.compareTo(Duration.ofMinutes(1)) < 0) {
            return Math.max(1, d.toSeconds()) + "s";
        }
        long minutes = d.toMinutes() + (d.toSecondsPart() >= 30 ? 1 : 0);
        return minutes < 60 ? minutes + "m" : minutes / 60 + "h" + (minutes % 60 == 0 ? "" : minutes % 60 + "m");
    }
}
