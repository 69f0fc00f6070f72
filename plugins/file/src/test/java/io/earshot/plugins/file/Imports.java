package io.earshot.plugins.file;

import io.earshot.api.Mention;
import io.earshot.api.PollResult;
import io.earshot.api.SourceRecord;
import io.earshot.api.SourceTask;
import io.earshot.api.http.HttpFetcher;
import io.earshot.plugins.testkit.TaskDriver;
import io.earshot.plugins.testkit.TestTaskContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Helpers shared by the file source tests: fixtures, contexts, drivers. */
final class Imports {

    /** A file source whose replaying polls wait at most 50 ms, so tests with a still clock stay quick. */
    static final FileSource SOURCE = new FileSource() {
        @Override
        public SourceTask createTask() {
            return new FileSourceTask(Duration.ofMillis(50));
        }
    };

    private Imports() {
    }

    static Path write(Path file, String content) throws IOException {
        return Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    static void append(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    static Map<String, Object> config(Path file, Object... keyValues) {
        Map<String, Object> raw = new HashMap<>();
        raw.put("path", file.toString());
        for (int i = 0; i < keyValues.length; i += 2) {
            raw.put((String) keyValues[i], keyValues[i + 1]);
        }
        return raw;
    }

    static TestTaskContext context(Map<String, Object> config) {
        return TestTaskContext.forSource(SOURCE, config);
    }

    static TestTaskContext context(Map<String, Object> config, Clock clock) {
        return TestTaskContext.forSource(SOURCE, config, HttpFetcher.builder().userAgent("Earshot-test").build(), clock);
    }

    static TaskDriver driver(TestTaskContext context) {
        return TaskDriver.start(SOURCE, context);
    }

    static List<Mention> mentions(PollResult result) {
        return result.records().stream().map(SourceRecord::mention).filter(Objects::nonNull).toList();
    }

    static List<String> texts(List<Mention> mentions) {
        return mentions.stream().map(Mention::text).toList();
    }

    /** Imports the whole file in one task and returns every mention. */
    static List<Mention> importAll(Map<String, Object> config) throws InterruptedException {
        try (TaskDriver driver = driver(context(config))) {
            return driver.drain(1000);
        }
    }
}
