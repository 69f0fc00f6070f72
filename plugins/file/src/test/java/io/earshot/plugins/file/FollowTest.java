package io.earshot.plugins.file;

import static io.earshot.plugins.file.Imports.append;
import static io.earshot.plugins.file.Imports.config;
import static io.earshot.plugins.file.Imports.context;
import static io.earshot.plugins.file.Imports.driver;
import static io.earshot.plugins.file.Imports.texts;
import static io.earshot.plugins.file.Imports.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.api.PollResult;
import io.earshot.plugins.testkit.TaskDriver;
import io.earshot.plugins.testkit.TestTaskContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Following a file that another program writes to. */
class FollowTest {

    @TempDir
    Path dir;

    @Test
    void picksUpAppendedLinesButNeverHalfALine() throws Exception {
        Path file = write(dir.resolve("live.jsonl"), "{\"id\":\"1\",\"text\":\"one\"}\n{\"id\":\"2\",\"te");
        TestTaskContext ctx = context(config(file));

        try (TaskDriver driver = driver(ctx)) {
            PollResult first = driver.poll();
            assertThat(texts(Imports.mentions(first))).containsExactly("one");
            assertThat(first.hasMore()).isFalse();
            assertThat(driver.pollMentions()).isEmpty();

            append(file, "xt\":\"two\"}\n{\"id\":\"3\",\"text\":\"three\"}\n");
            assertThat(texts(driver.pollMentions())).containsExactly("two", "three");

            append(file, "{\"id\":\"4\",\"text\":\"four\"}");
            assertThat(texts(driver.pollMentions())).as("a complete JSON object needs no line break").containsExactly("four");
            append(file, "\n{\"id\":\"5\",\"text\":\"five\"}\n");
            assertThat(texts(driver.pollMentions())).containsExactly("five");
        }
    }

    @Test
    void aCsvRowWithoutLineBreakWaitsUntilTheFileIsQuiet() throws Exception {
        Path file = write(dir.resolve("live.csv"), "id,text\n1,hello\n2,wor");
        TestTaskContext ctx = context(config(file));

        try (TaskDriver driver = driver(ctx)) {
            assertThat(texts(driver.pollMentions())).containsExactly("hello");
            append(file, "ld\n3,\"multi");
            assertThat(texts(driver.pollMentions())).containsExactly("world");
            append(file, "\nline\"");
            assertThat(driver.pollMentions()).isEmpty();

            Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(FileSourceTask.QUIET_PERIOD).minusSeconds(1)));
            assertThat(texts(driver.pollMentions())).containsExactly("multi\nline");
        }
    }

    @Test
    void aFileTruncatedWhileFollowedIsImportedAgainFromTheStart() throws Exception {
        Path file = write(dir.resolve("rotates.jsonl"), "{\"text\":\"old one\"}\n{\"text\":\"old two\"}\n");
        TestTaskContext ctx = context(config(file));

        try (TaskDriver driver = driver(ctx)) {
            assertThat(driver.pollMentions()).hasSize(2);

            write(file, "{\"text\":\"new\"}\n");
            assertThat(texts(driver.pollMentions())).containsExactly("new");
        }
        assertThat(ctx.status().get("file"))
                .isEqualTo("rotates.jsonl shrank to 15 bytes while being imported (it was truncated or replaced);"
                        + " importing it again from the beginning");
    }

    @Test
    void aFileReplacedByRenameIsReopened() throws Exception {
        Path file = write(dir.resolve("renamed.jsonl"), "{\"text\":\"first\"}\n");
        TestTaskContext ctx = context(config(file));

        try (TaskDriver driver = driver(ctx)) {
            assertThat(texts(driver.pollMentions())).containsExactly("first");

            Path next = write(dir.resolve("next.tmp"), "{\"text\":\"first\"}\n{\"text\":\"second\"}\n");
            Files.move(next, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            assertThat(texts(driver.pollMentions())).containsExactly("second");
        }
    }

    @Test
    void withoutFollowingTheLastLineIsImportedEvenWithoutLineBreak() throws Exception {
        Path file = write(dir.resolve("done.csv"), "id,text\n1,a\n2,b");
        TestTaskContext ctx = context(config(file, "follow", false));

        try (TaskDriver driver = driver(ctx)) {
            assertThat(texts(driver.drain(10))).containsExactly("a", "b");
        }
        assertThat(ctx.status().get("progress")).isEqualTo("complete: 2 records imported");
    }

    @Test
    void anOldExportWithoutFinalLineBreakIsImportedWhole() throws Exception {
        Path file = write(dir.resolve("old.csv"), "id,text\n1,a\n2,b");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(1, ChronoUnit.DAYS)));

        try (TaskDriver driver = driver(context(config(file)))) {
            assertThat(texts(driver.drain(10))).containsExactly("a", "b");
        }
    }

    @Test
    void aFileThatStartsEmptyIsReadOnceWritten() throws Exception {
        Path file = write(dir.resolve("later.csv"), "");
        TestTaskContext ctx = context(config(file));

        try (TaskDriver driver = driver(ctx)) {
            assertThat(driver.pollMentions()).isEmpty();
            append(file, "\uFEFFid,text\n");
            assertThat(driver.pollMentions()).isEmpty();
            append(file, "1,finally\n");
            assertThat(texts(driver.pollMentions())).containsExactly("finally");
        }
    }
}
