package io.earshot.plugins.file;

import io.earshot.api.PollResult;
import io.earshot.plugins.testkit.TaskDriver;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parse throughput of the file source, for a human to read: not part of {@code mvn verify} (the
 * class name does not end in Test) and asserts nothing. Run it with
 * <pre>mvn -B -o -q -pl plugins/file test -Dtest=JsonlThroughputCheck -Dsurefire.failIfNoSpecifiedTests=false</pre>
 * It writes 200,000 JSON Lines of about 1 KB (nested author and engagement, an ISO date, extra
 * fields) and the same as CSV, then imports each through the task as the server would, one poll
 * after the other, and prints records per second of the best of three runs.
 */
class JsonlThroughputCheck {

    private static final int LINES = 200_000;

    @TempDir
    Path dir;

    @Test
    void measure() throws Exception {
        Path jsonl = dir.resolve("bench.jsonl");
        Path csv = dir.resolve("bench.csv");
        writeJsonl(jsonl);
        writeCsv(csv);
        report("JSONL", jsonl, Map.of());
        report("CSV", csv, Map.of("mapping", Map.of("author.handle", "handle", "engagement.likes", "likes")));
    }

    private void report(String name, Path file, Map<String, Object> extra) throws Exception {
        long bytes = Files.size(file);
        double best = 0;
        for (int run = 0; run < 3; run++) {
            Map<String, Object> config = Imports.config(file, "follow", false, "batchSize", 2000);
            config.putAll(extra);
            long start = System.nanoTime();
            long mentions = 0;
            try (TaskDriver driver = TaskDriver.start(new FileSource(), Imports.context(config))) {
                PollResult result;
                do {
                    result = driver.task().poll();
                    mentions += result.records().stream().filter(r -> r.mention() != null).count();
                } while (result.hasMore());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (mentions != LINES) {
                throw new AssertionError(name + ": imported " + mentions + " of " + LINES);
            }
            best = Math.max(best, LINES / seconds);
        }
        System.out.printf(Locale.ROOT, "%s: %,d records of %,d bytes on average: %,.0f records/s (%.0f MB/s)%n",
                name, LINES, bytes / LINES, best, best * bytes / LINES / 1e6);
    }

    private static String text(int i) {
        StringBuilder b = new StringBuilder();
        String[] words = {"launch", "brand", "service", "outage", "love", "the", "new", "update", "support", "again",
                "price", "thanks", "team", "app", "crash", "great", "fast", "slow", "#earshot", "@acme"};
        int n = 90 + i % 20;
        for (int w = 0; w < n; w++) {
            b.append(words[(i * 31 + w * 7) % words.length]).append(' ');
        }
        return b.toString().strip();
    }

    private static void writeJsonl(Path file) throws Exception {
        Instant t0 = Instant.parse("2024-03-01T00:00:00Z");
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < LINES; i++) {
                w.write("{\"id\":\"" + (1_700_000_000_000L + i) + "\",\"platform\":\"twitter\",\"url\":\"https://x.com/user"
                        + (i % 5000) + "/status/" + (1_700_000_000_000L + i) + "\",\"text\":\"" + text(i)
                        + "\",\"lang\":\"en\",\"publishedAt\":\"" + t0.plusSeconds(i) + "\",\"author\":{\"id\":\""
                        + (i % 5000) + "\",\"handle\":\"user" + (i % 5000) + "\",\"name\":\"User " + (i % 5000)
                        + "\",\"followers\":" + (i % 100_000) + ",\"verified\":" + (i % 7 == 0)
                        + "},\"engagement\":{\"likes\":" + (i % 300) + ",\"shares\":" + (i % 40) + ",\"comments\":" + (i % 25)
                        + ",\"views\":" + (i % 10_000) + "},\"country\":\"US\",\"source_name\":\"Twitter Web App\","
                        + "\"hashtags\":[\"earshot\"],\"collected_via\":\"search\"}\n");
            }
        }
    }

    private static void writeCsv(Path file) throws Exception {
        Instant t0 = Instant.parse("2024-03-01T00:00:00Z");
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("id,platform,url,text,lang,publishedAt,handle,likes,source_name\n");
            for (int i = 0; i < LINES; i++) {
                w.write((1_700_000_000_000L + i) + ",twitter,https://x.com/u/status/" + i + ",\"" + text(i) + ", \"\"quoted\"\"\",en,"
                        + t0.plusSeconds(i).toString().replace('T', ' ').replace("Z", "") + ",user" + (i % 5000) + ",\""
                        + String.format(Locale.ROOT, "%,d", i % 3000) + "\",Twitter Web App\n");
            }
        }
    }
}
