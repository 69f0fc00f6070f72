package io.earshot.plugins.file;

import static io.earshot.plugins.file.Imports.config;
import static io.earshot.plugins.file.Imports.context;
import static io.earshot.plugins.file.Imports.driver;
import static io.earshot.plugins.file.Imports.importAll;
import static io.earshot.plugins.file.Imports.texts;
import static io.earshot.plugins.file.Imports.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.api.Author;
import io.earshot.api.Engagement;
import io.earshot.api.Mention;
import io.earshot.api.PollResult;
import io.earshot.api.SourceRecord;
import io.earshot.plugins.testkit.TaskDriver;
import io.earshot.plugins.testkit.TestTaskContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlImportTest {

    @TempDir
    Path dir;

    @Test
    void readsMentionFieldsFromNestedObjectsAndDottedNames() throws Exception {
        Path file = write(dir.resolve("mentions.jsonl"), """
                {"id":"p1","platform":"Mastodon","url":"https://social.example/@ann/1","text":"Loving the new release","lang":"en","publishedAt":"2024-03-01T10:15:30Z","author":{"id":"42","handle":"@ann","name":"Ann","followers":1200,"verified":true},"engagement":{"likes":5,"shares":"2","comments":"1,234","views":"12.5K"},"parentId":"p0","country":"fr"}
                {"id":"p2","text":"Second one","author.handle":"bob","author.followers":"3 400","engagement.likes":"7","publishedAt":1709288130}
                """);

        List<Mention> mentions = importAll(config(file));

        assertThat(mentions).hasSize(2);
        Mention first = mentions.get(0);
        assertThat(first.id()).isEqualTo("mastodon:p1");
        assertThat(first.platform()).isEqualTo("mastodon");
        assertThat(first.url()).isEqualTo("https://social.example/@ann/1");
        assertThat(first.text()).isEqualTo("Loving the new release");
        assertThat(first.lang()).isEqualTo("en");
        assertThat(first.publishedAt()).isEqualTo(Instant.parse("2024-03-01T10:15:30Z"));
        assertThat(first.author()).isEqualTo(new Author("42", "ann", "Ann", null, 1200L, true));
        assertThat(first.engagement()).isEqualTo(new Engagement(5L, 2L, 1234L, 12_500L));
        assertThat(first.parentId()).isEqualTo("mastodon:p0");
        assertThat(first.country()).isEqualTo("fr");

        Mention second = mentions.get(1);
        assertThat(second.id()).isEqualTo("file:p2");
        assertThat(second.author().handle()).isEqualTo("bob");
        assertThat(second.author().followers()).isEqualTo(3400L);
        assertThat(second.engagement().likes()).isEqualTo(7L);
        assertThat(second.publishedAt()).isEqualTo(Instant.parse("2024-03-01T10:15:30Z"));
    }

    @Test
    void mapsFieldsOfAnotherToolsExportByPath() throws Exception {
        Path file = write(dir.resolve("export.ndjson"), """
                {"_index":"tweets","_id":"1347085867584794624","_source":{"text":"Un scoop","timestamp_utc":"1610005273.0","user_screen_name":"someone","like_count":2,"retweet_count":0,"lang":"fr","hashtags":["a","b"],"user":{"followers":10}}}
                """);

        List<Mention> mentions = importAll(config(file, "platform", "twitter", "mapping", Map.of(
                "id", "_id",
                "text", "_source.text",
                "publishedAt", "_source.timestamp_utc",
                "author.handle", "_source.user_screen_name",
                "author.followers", "_source.user.followers",
                "engagement.likes", "_source.like_count",
                "engagement.shares", "_source.retweet_count",
                "lang", "_source.lang")));

        assertThat(mentions).singleElement().satisfies(m -> {
            assertThat(m.id()).isEqualTo("twitter:1347085867584794624");
            assertThat(m.text()).isEqualTo("Un scoop");
            assertThat(m.publishedAt()).isEqualTo(Instant.parse("2021-01-07T07:41:13Z"));
            assertThat(m.author().handle()).isEqualTo("someone");
            assertThat(m.author().followers()).isEqualTo(10L);
            assertThat(m.engagement()).isEqualTo(new Engagement(2L, 0L, null, null));
            assertThat(m.lang()).isEqualTo("fr");
            assertThat(m.extras()).containsEntry("_index", "tweets")
                    .containsEntry("_source.hashtags", List.of("a", "b"))
                    .doesNotContainKeys("_source.text", "_id", "_source.like_count");
        });
    }

    @Test
    void idsWithoutAnIdFieldAreTheSameOnEveryImport() throws Exception {
        Path file = write(dir.resolve("no-ids.jsonl"), """
                {"text":"first"}
                {"text":"second"}
                {"text":"first"}
                """);

        List<Mention> once = importAll(config(file));
        List<Mention> again = importAll(config(file));

        assertThat(once).extracting(Mention::id).isEqualTo(again.stream().map(Mention::id).toList());
        assertThat(once.get(0).id()).matches("file:[0-9a-f]{32}").isEqualTo(once.get(2).id());
        assertThat(once.get(1).id()).isNotEqualTo(once.get(0).id());
    }

    @Test
    void badLinesAreSkippedCountedAndReportedWhileGoodOnesArrive() throws Exception {
        Path file = write(dir.resolve("mixed.jsonl"), """
                {"id":"1","text":"good one"}
                {"id":"2","text": broken
                {"id":"3","text":"good two"}
                [1, 2, 3]

                {"id":"5","title":null}
                {"id":"6","text":"good three","publishedAt":"last Tuesday"}
                """);
        TestTaskContext ctx = context(config(file));

        List<Mention> mentions;
        try (TaskDriver driver = driver(ctx)) {
            mentions = driver.drain(10);
        }

        assertThat(texts(mentions)).containsExactly("good one", "good two", "good three");
        assertThat(ctx.status().get("skipped"))
                .startsWith("3 records skipped")
                .contains("first: line 2: invalid JSON (")
                .contains("last: line 6: no text (field 'text' is empty or missing)");
        assertThat(ctx.status().get("repaired"))
                .contains("line 7: date 'last Tuesday' in field 'publishedAt' not understood; imported with the collection time");
        assertThat(mentions.get(2).publishedAt()).isNull();
        assertThat(ctx.degradedMessage()).hasValueSatisfying(m -> assertThat(m).contains("line 7"));
        assertThat(ctx.status().get("progress")).isEqualTo("complete: 3 records imported, 3 skipped; watching the file for new lines");
    }

    @Test
    void theSourceRecoversOnceProblemsAreNoLongerRecent() throws Exception {
        Path file = write(dir.resolve("mixed.jsonl"), "{oops\n{\"text\":\"fine\"}\n");
        MutableClock clock = new MutableClock(Instant.now());
        TestTaskContext ctx = context(config(file), clock);

        try (TaskDriver driver = driver(ctx)) {
            driver.drain(10);
            assertThat(ctx.degradedMessage()).isPresent();

            clock.advance(ImportHealth.RECENT.plus(Duration.ofSeconds(1)));
            driver.poll();

            assertThat(ctx.degradedMessage()).isEmpty();
            assertThat(ctx.status().get("skipped")).contains("line 1: invalid JSON");
        }
    }

    @Test
    void handlesByteOrderMarkCrlfBlankLinesAndNoFinalLineBreak() throws Exception {
        Path file = dir.resolve("windows.jsonl");
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = "{\"id\":\"a\",\"text\":\"crlf one\"}\r\n\r\n{\"id\":\"b\",\"text\":\"Ünïcödé ✓\"}\r\n{\"id\":\"c\",\"text\":\"last\"}"
                .getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, all, 0, bom.length);
        System.arraycopy(body, 0, all, bom.length, body.length);
        Files.write(file, all);

        List<Mention> mentions = importAll(config(file, "follow", false));

        assertThat(mentions).extracting(Mention::id).containsExactly("file:a", "file:b", "file:c");
        assertThat(texts(mentions)).containsExactly("crlf one", "Ünïcödé ✓", "last");
    }

    @Test
    void aLineLongerThanTheLimitIsSkippedAndTheRestImported() throws Exception {
        String huge = "x".repeat(FileSourceTask.MAX_RECORD_BYTES + 10);
        Path file = write(dir.resolve("long.jsonl"),
                "{\"text\":\"before\"}\n{\"text\":\"" + huge + "\"}\n{\"text\":\"after\"}\n");
        TestTaskContext ctx = context(config(file));

        try (TaskDriver driver = driver(ctx)) {
            assertThat(texts(driver.drain(10))).containsExactly("before", "after");
        }
        assertThat(ctx.status().get("skipped")).isEqualTo("1 record skipped: line 2: longer than 1.0 MB, skipped");
    }

    @Test
    void aPrettyPrintedJsonDocumentGetsAHint() throws Exception {
        Path file = write(dir.resolve("array.json"), "[\n  {\n    \"text\": \"a\"\n  }\n]\n");
        TestTaskContext ctx = context(config(file));

        try (TaskDriver driver = driver(ctx)) {
            assertThat(driver.drain(10)).isEmpty();
        }
        assertThat(ctx.status().get("skipped")).contains("line 1: invalid JSON")
                .contains("this looks like one JSON document, not JSON Lines with one object per line");
    }

    @Test
    void returnsBatchesAndShowsProgress() throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            lines.append("{\"id\":\"").append(i).append("\",\"text\":\"mention number ").append(i).append("\"}\n");
        }
        Path file = write(dir.resolve("ten.jsonl"), lines.toString());
        TestTaskContext ctx = context(config(file, "batchSize", 4));

        try (TaskDriver driver = driver(ctx)) {
            PollResult first = driver.poll();
            assertThat(first.records()).hasSize(4);
            assertThat(first.hasMore()).isTrue();
            assertThat(ctx.status().get("progress")).isEqualTo("4 of ~10 records (40%)");

            assertThat(driver.poll().records()).hasSize(4);
            PollResult last = driver.poll();
            assertThat(last.records()).hasSize(2);
            assertThat(last.hasMore()).isFalse();
            assertThat(ctx.status().get("progress")).isEqualTo("complete: 10 records imported; watching the file for new lines");
        }
    }

    @Test
    void everyRecordCarriesTheCheckpointOfTheFile() throws Exception {
        Path file = write(dir.resolve("cp.jsonl"), "{\"text\":\"a\"}\n{\"text\":\"b\"}\n");

        try (TaskDriver driver = driver(context(config(file)))) {
            PollResult result = driver.poll();
            assertThat(result.records()).allSatisfy(r -> {
                assertThat(r.checkpoint()).isNotNull();
                assertThat(r.checkpoint().partition()).isEqualTo("file:" + file.toAbsolutePath().normalize());
            });
            assertThat(result.records()).map(SourceRecord::checkpoint).map(c -> FilePosition.decode(c.position()).offset())
                    .containsExactly(13L, 26L);
        }
    }

    @Test
    void keepsEveryRecordOfAFileLargerThanTheReadBuffer() throws Exception {
        StringBuilder lines = new StringBuilder();
        int n = 6_000;
        for (int i = 0; i < n; i++) {
            lines.append("{\"id\":\"").append(i).append("\",\"text\":\"").append("y".repeat(1 + i % 700)).append("\"}\n");
        }
        Path file = write(dir.resolve("big.jsonl"), lines.toString());

        List<Mention> mentions = importAll(config(file, "batchSize", 1000));

        assertThat(mentions).hasSize(n);
        assertThat(mentions).extracting(Mention::nativeId).doesNotHaveDuplicates()
                .startsWith("0", "1", "2").endsWith(String.valueOf(n - 1));
        assertThat(mentions.get(699).text()).hasSize(700);
    }
}
