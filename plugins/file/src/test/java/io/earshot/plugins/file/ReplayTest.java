package io.earshot.plugins.file;

import static io.earshot.plugins.file.Imports.config;
import static io.earshot.plugins.file.Imports.context;
import static io.earshot.plugins.file.Imports.driver;
import static io.earshot.plugins.file.Imports.mentions;
import static io.earshot.plugins.file.Imports.texts;
import static io.earshot.plugins.file.Imports.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.earshot.api.Mention;
import io.earshot.api.PollResult;
import io.earshot.api.SourceTask;
import io.earshot.plugins.testkit.TaskDriver;
import io.earshot.plugins.testkit.TestTaskContext;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replaying a recording at a speed factor, on a clock the test controls. */
class ReplayTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    @TempDir
    Path dir;

    /** Four posts recorded at 10:00:00, 10:00:10, 10:00:20 and 10:01:00. */
    private Path recording() throws Exception {
        return write(dir.resolve("recording.jsonl"), """
                {"id":"a","text":"at zero","publishedAt":"2024-03-01T10:00:00Z"}
                {"id":"b","text":"at ten","publishedAt":"2024-03-01T10:00:10Z"}
                {"id":"c","text":"at twenty","publishedAt":"2024-03-01 10:00:20"}
                {"id":"d","text":"at sixty","publishedAt":1709287260000}
                """);
    }

    @Test
    void releasesRecordsOnTheScheduleOfTheirTimestamps() throws Exception {
        MutableClock clock = new MutableClock(NOW);
        TestTaskContext ctx = context(config(recording(), "replaySpeed", 10), clock);

        try (TaskDriver driver = driver(ctx)) {
            PollResult first = driver.poll();
            assertThat(texts(mentions(first))).containsExactly("at zero");
            assertThat(first.hasMore()).isTrue();

            PollResult early = driver.poll();
            assertThat(early.records()).as("nothing is due yet").isEmpty();
            assertThat(early.hasMore()).isTrue();

            clock.advance(Duration.ofSeconds(1));
            assertThat(texts(driver.pollMentions())).containsExactly("at ten");

            clock.advance(Duration.ofMillis(999));
            assertThat(driver.pollMentions()).isEmpty();
            clock.advance(Duration.ofMillis(1));
            assertThat(texts(driver.pollMentions())).containsExactly("at twenty");

            clock.advance(Duration.ofSeconds(10));
            PollResult last = driver.poll();
            assertThat(texts(mentions(last))).containsExactly("at sixty");
            assertThat(last.hasMore()).isFalse();
        }
        assertThat(ctx.status().get("replay")).isEqualTo("replaying at 10× real time; at 2024-03-01T10:01:00Z of the recording");
    }

    @Test
    void recordsThatAreAllDueComeInOnePoll() throws Exception {
        MutableClock clock = new MutableClock(NOW);
        try (TaskDriver driver = driver(context(config(recording(), "replaySpeed", 60), clock))) {
            assertThat(driver.pollMentions()).hasSize(1);
            clock.advance(Duration.ofMinutes(5));
            assertThat(texts(driver.pollMentions())).containsExactly("at ten", "at twenty", "at sixty");
        }
    }

    @Test
    void shiftToNowMovesTheFirstRecordToNowAndKeepsTheOthersAtTheirDistance() throws Exception {
        MutableClock clock = new MutableClock(NOW);
        TestTaskContext ctx = context(config(recording(), "shiftToNow", true), clock);

        List<Mention> mentions;
        try (TaskDriver driver = driver(ctx)) {
            mentions = driver.drain(10);
        }

        assertThat(mentions).extracting(Mention::publishedAt).containsExactly(
                NOW, NOW.plusSeconds(10), NOW.plusSeconds(20), NOW.plusSeconds(60));
    }

    @Test
    void shiftedTimestampsAreTheSameAfterARestart() throws Exception {
        MutableClock clock = new MutableClock(NOW);
        TestTaskContext ctx = context(config(recording(), "replaySpeed", 1, "shiftToNow", true), clock);
        List<Mention> beforeCrash;
        try (TaskDriver driver = driver(ctx)) {
            assertThat(driver.pollMentions()).extracting(Mention::publishedAt).containsExactly(NOW);
            clock.advance(Duration.ofSeconds(10));
            assertThat(driver.pollMentions()).extracting(Mention::publishedAt).containsExactly(NOW.plusSeconds(10));
            clock.advance(Duration.ofSeconds(10));
            beforeCrash = mentions(driver.task().poll()); // never committed
        }
        assertThat(beforeCrash).extracting(Mention::publishedAt).containsExactly(NOW.plusSeconds(20));

        clock.advance(Duration.ofHours(3));
        try (TaskDriver driver = driver(ctx.restarted())) {
            List<Mention> replayed = driver.pollMentions();
            assertThat(replayed).as("the restart resumes at once").isEqualTo(beforeCrash);
            clock.advance(Duration.ofSeconds(40));
            assertThat(driver.pollMentions()).extracting(Mention::publishedAt).containsExactly(NOW.plusSeconds(60));
        }
    }

    @Test
    void recordsWithoutTimestampsGoWithTheOneBefore() throws Exception {
        Path file = write(dir.resolve("gaps.jsonl"), """
                {"text":"no time yet"}
                {"text":"first timed","publishedAt":"2024-03-01T10:00:00Z"}
                {"text":"untimed"}
                {"text":"later","publishedAt":"2024-03-01T10:00:30Z"}
                """);
        MutableClock clock = new MutableClock(NOW);

        try (TaskDriver driver = driver(context(config(file, "replaySpeed", 1), clock))) {
            assertThat(texts(driver.pollMentions())).containsExactly("no time yet", "first timed", "untimed");
            clock.advance(Duration.ofSeconds(30));
            assertThat(texts(driver.pollMentions())).containsExactly("later");
        }
    }

    @Test
    void stopEndsAPollThatWaitsForTheNextRecord() throws Exception {
        MutableClock clock = new MutableClock(NOW);
        TestTaskContext ctx = context(config(recording(), "replaySpeed", 0.001), clock);
        SourceTask task = new FileSourceTask(Duration.ofHours(1));
        task.start(ctx);
        try {
            assertThat(mentions(task.poll())).hasSize(1);

            CompletableFuture<PollResult> result = new CompletableFuture<>();
            Thread poller = Thread.ofPlatform().start(() -> {
                try {
                    result.complete(task.poll());
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            });
            await().until(() -> poller.getState() == Thread.State.TIMED_WAITING);
            assertThat(result).isNotDone();

            task.stop();

            assertThat(result.get(30, TimeUnit.SECONDS).records()).isEmpty();
            assertThat(result.get().hasMore()).isFalse();
        } finally {
            task.close();
        }
    }

    @Test
    void recordsOlderThanTheFirstAreDueAtOnce() throws Exception {
        Path file = write(dir.resolve("unsorted.jsonl"), """
                {"text":"first","publishedAt":"2024-03-01T10:00:00Z"}
                {"text":"an hour earlier","publishedAt":"2024-03-01T09:00:00Z"}
                {"text":"a minute later","publishedAt":"2024-03-01T10:01:00Z"}
                """);
        MutableClock clock = new MutableClock(NOW);

        try (TaskDriver driver = driver(context(config(file, "replaySpeed", 1), clock))) {
            assertThat(texts(driver.pollMentions())).containsExactly("first", "an hour earlier");
            clock.advance(Duration.ofMinutes(1));
            assertThat(texts(driver.pollMentions())).containsExactly("a minute later");
        }
    }
}
