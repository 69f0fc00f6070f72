package io.earshot.plugins.file;

import static io.earshot.plugins.file.Imports.config;
import static io.earshot.plugins.file.Imports.context;
import static io.earshot.plugins.file.Imports.driver;
import static io.earshot.plugins.file.Imports.mentions;
import static io.earshot.plugins.file.Imports.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.api.Mention;
import io.earshot.api.PollResult;
import io.earshot.plugins.testkit.TaskDriver;
import io.earshot.plugins.testkit.TestTaskContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restarts: from the committed checkpoint, after a crash, on a file that changed in between. */
class ResumeTest {

    @TempDir
    Path dir;

    private static String jsonl(int from, int to) {
        StringBuilder b = new StringBuilder();
        for (int i = from; i < to; i++) {
            b.append("{\"text\":\"mention ").append(i).append("\"}\n");
        }
        return b.toString();
    }

    private static List<String> texts(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add("mention " + i);
        }
        return out;
    }

    @Test
    void aRestartedTaskGoesOnExactlyWhereTheCommittedCheckpointIs() throws Exception {
        Path file = write(dir.resolve("ten.jsonl"), jsonl(0, 10));
        TestTaskContext ctx = context(config(file, "batchSize", 4));
        try (TaskDriver driver = driver(ctx)) {
            assertThat(Imports.texts(driver.pollMentions())).isEqualTo(texts(0, 4));
        }

        TestTaskContext restarted = ctx.restarted();
        try (TaskDriver driver = driver(restarted)) {
            assertThat(Imports.texts(driver.drain(10))).isEqualTo(texts(4, 10));
            assertThat(restarted.status().get("progress")).isEqualTo("complete: 10 records imported; watching the file for new lines");
        }
    }

    @Test
    void csvResumesMidFileWithItsHeader() throws Exception {
        Path file = write(dir.resolve("rows.csv"), """
                Text;Who
                "first
                row";ann
                second;bob
                third;cy
                """);
        Map<String, Object> config = config(file, "batchSize", 1, "mapping", Map.of("text", "Text", "author.name", "Who"));
        TestTaskContext ctx = context(config);
        try (TaskDriver driver = driver(ctx)) {
            assertThat(Imports.texts(driver.pollMentions())).containsExactly("first\nrow");
        }

        try (TaskDriver driver = driver(ctx.restarted())) {
            List<Mention> rest = driver.drain(10);
            assertThat(Imports.texts(rest)).containsExactly("second", "third");
            assertThat(rest.get(1).author().name()).isEqualTo("cy");
        }
    }

    @Test
    void aCrashBeforeTheCommitReplaysTheSameRecordsWithTheSameIds() throws Exception {
        Path file = write(dir.resolve("crash.jsonl"), jsonl(0, 6));
        TestTaskContext ctx = context(config(file, "batchSize", 3));
        List<Mention> committed;
        List<Mention> lost;
        try (TaskDriver driver = driver(ctx)) {
            committed = driver.pollMentions();
            lost = mentions(driver.task().poll()); // returned, but the server died before Elasticsearch acknowledged them
        }

        try (TaskDriver driver = driver(ctx.restarted())) {
            List<Mention> replayed = driver.drain(10);
            assertThat(replayed).isEqualTo(lost);
            assertThat(replayed).extracting(Mention::id).doesNotContainAnyElementsOf(committed.stream().map(Mention::id).toList());
        }
    }

    @Test
    void problemsBeforeTheCheckpointAreNotReportedAgainAfterARestart() throws Exception {
        Path file = write(dir.resolve("bad-start.jsonl"), "{not json\n" + jsonl(0, 4));
        TestTaskContext ctx = context(config(file, "batchSize", 2));
        try (TaskDriver driver = driver(ctx)) {
            driver.poll();
        }
        assertThat(ctx.status()).containsKey("skipped");

        TestTaskContext restarted = ctx.restarted();
        try (TaskDriver driver = driver(restarted)) {
            assertThat(Imports.texts(driver.drain(10))).isEqualTo(texts(2, 4));
        }
        assertThat(restarted.status()).doesNotContainKey("skipped");
        assertThat(restarted.status().get("progress")).isEqualTo("complete: 4 records imported, 1 skipped; watching the file for new lines");
    }

    @Test
    void aFileTruncatedBelowTheCheckpointIsReportedAndImportedAgain() throws Exception {
        Path file = write(dir.resolve("shrinks.jsonl"), jsonl(0, 10));
        TestTaskContext ctx = context(config(file));
        try (TaskDriver driver = driver(ctx)) {
            assertThat(driver.drain(10)).hasSize(10);
        }

        write(file, jsonl(100, 102));
        TestTaskContext restarted = ctx.restarted();
        try (TaskDriver driver = driver(restarted)) {
            assertThat(Imports.texts(driver.drain(10))).containsExactly("mention 100", "mention 101");
        }
        assertThat(restarted.status().get("file"))
                .startsWith("shrinks.jsonl is now shorter (46 bytes) than where the import had got to (210 bytes):")
                .endsWith("it was truncated or replaced; importing it again from the beginning");
        assertThat(restarted.degradedMessage()).isPresent();
    }

    @Test
    void aFileReplacedByAnotherOfTheSameSizeIsImportedAgain() throws Exception {
        Path file = write(dir.resolve("replaced.jsonl"), jsonl(10, 14));
        TestTaskContext ctx = context(config(file));
        try (TaskDriver driver = driver(ctx)) {
            driver.drain(10);
        }

        write(file, jsonl(20, 24));
        TestTaskContext restarted = ctx.restarted();
        try (TaskDriver driver = driver(restarted)) {
            assertThat(Imports.texts(driver.drain(10))).isEqualTo(texts(20, 24));
        }
        assertThat(restarted.status().get("file"))
                .isEqualTo("the beginning of replaced.jsonl changed since it was imported: it was replaced; importing it again from the beginning");
    }

    @Test
    void aFileThatGrewKeepsItsPlace() throws Exception {
        Path file = write(dir.resolve("grows.jsonl"), jsonl(0, 3));
        TestTaskContext ctx = context(config(file, "follow", false));
        try (TaskDriver driver = driver(ctx)) {
            driver.drain(10);
        }

        Imports.append(file, jsonl(3, 5));
        try (TaskDriver driver = driver(ctx.restarted())) {
            PollResult result = driver.poll();
            assertThat(Imports.texts(mentions(result))).isEqualTo(texts(3, 5));
        }
    }
}
