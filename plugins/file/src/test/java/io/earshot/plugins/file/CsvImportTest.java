package io.earshot.plugins.file;

import static io.earshot.plugins.file.Imports.config;
import static io.earshot.plugins.file.Imports.context;
import static io.earshot.plugins.file.Imports.driver;
import static io.earshot.plugins.file.Imports.importAll;
import static io.earshot.plugins.file.Imports.texts;
import static io.earshot.plugins.file.Imports.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.earshot.api.Engagement;
import io.earshot.api.FatalSourceException;
import io.earshot.api.Mention;
import io.earshot.plugins.testkit.TaskDriver;
import io.earshot.plugins.testkit.TestTaskContext;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvImportTest {

    private static final Map<String, String> TWEET_MAPPING = Map.of(
            "id", "Tweet Id",
            "text", "Tweet Text",
            "author.handle", "Username",
            "publishedAt", "Date",
            "engagement.likes", "Likes");

    @TempDir
    Path dir;

    @Test
    void mapsColumnsOfAnExportWithQuotedMultilineTextBomAndCrlf() throws Exception {
        Path file = write(dir.resolve("tweets.csv"), "\uFEFF"
                + "Tweet Id,Tweet Text,Username,Date,Likes,Source\r\n"
                + "1,\"Hello, world\r\nsecond line with \"\"quotes\"\"\",alice,2024-03-01 10:15:00,\"1,234\",web\r\n"
                + "2,plain text,@bob,\"Fri, 1 Mar 2024 10:16:00 GMT\",7,\r\n");

        List<Mention> mentions = importAll(config(file, "platform", "twitter", "mapping", TWEET_MAPPING));

        assertThat(mentions).hasSize(2);
        Mention first = mentions.get(0);
        assertThat(first.id()).isEqualTo("twitter:1");
        assertThat(first.text()).isEqualTo("Hello, world\r\nsecond line with \"quotes\"");
        assertThat(first.author().handle()).isEqualTo("alice");
        assertThat(first.publishedAt()).isEqualTo(Instant.parse("2024-03-01T10:15:00Z"));
        assertThat(first.engagement()).isEqualTo(new Engagement(1234L, null, null, null));
        assertThat(first.extras()).containsExactly(Map.entry("Source", "web"));
        Mention second = mentions.get(1);
        assertThat(second.id()).isEqualTo("twitter:2");
        assertThat(second.author().handle()).isEqualTo("bob");
        assertThat(second.publishedAt()).isEqualTo(Instant.parse("2024-03-01T10:16:00Z"));
        assertThat(second.extras()).isEmpty();
    }

    @Test
    void detectsASemicolonDelimiterFromTheHeader() throws Exception {
        Path file = write(dir.resolve("excel.csv"), """
                id;text;engagement.likes
                1;"Bonjour; ça va ?";"1 234"
                2;Salut;3
                """);

        List<Mention> mentions = importAll(config(file));

        assertThat(texts(mentions)).containsExactly("Bonjour; ça va ?", "Salut");
        assertThat(mentions.get(0).engagement().likes()).isEqualTo(1234L);
    }

    @Test
    void readsTabSeparatedFilesAndAnExplicitDelimiter() throws Exception {
        Path tsv = write(dir.resolve("export.tsv"), "id\ttext\tauthor.name\n7\tTabbed, with comma\tZoë\n");
        Path pipes = write(dir.resolve("pipes.csv"), "id|text\n8|Piped; text, here\n");

        assertThat(importAll(config(tsv))).singleElement().satisfies(m -> {
            assertThat(m.text()).isEqualTo("Tabbed, with comma");
            assertThat(m.author().name()).isEqualTo("Zoë");
        });
        assertThat(texts(importAll(config(pipes, "delimiter", "|")))).containsExactly("Piped; text, here");
        assertThat(texts(importAll(config(write(dir.resolve("tabs.csv"), "id\ttext\n9\ta, b\n"), "delimiter", "\\t"))))
                .containsExactly("a, b");
    }

    @Test
    void rowsWithTheWrongNumberOfColumnsAreSkippedWithTheirLine() throws Exception {
        Path file = write(dir.resolve("ragged.csv"), """
                id,text,lang
                1,"two
                lines",en
                2,too,many,columns
                3,fine,de
                4,trailing delimiters are fine,en,,
                5,missing
                """);
        TestTaskContext ctx = context(config(file));

        List<Mention> mentions;
        try (TaskDriver driver = driver(ctx)) {
            mentions = driver.drain(10);
        }

        assertThat(texts(mentions)).containsExactly("two\nlines", "fine", "trailing delimiters are fine");
        assertThat(ctx.status().get("skipped"))
                .isEqualTo("2 records skipped since the task started; first: line 4: 4 columns where the header has 3;"
                        + " last: line 7: 2 columns where the header has 3");
    }

    @Test
    void aQuoteThatNeverClosesCostsOnlyItsLine() throws Exception {
        Path file = write(dir.resolve("broken.csv"), """
                id,text
                1,first
                2,"never closed
                3,third
                4,fourth
                """);
        TestTaskContext ctx = context(config(file, "follow", false));

        List<Mention> mentions;
        try (TaskDriver driver = driver(ctx)) {
            mentions = driver.drain(10);
        }

        assertThat(texts(mentions)).containsExactly("first", "third", "fourth");
        assertThat(ctx.status().get("skipped")).isEqualTo("1 record skipped: line 3: a quoted field is never closed; skipped this line");
    }

    @Test
    void aMappedColumnMissingFromTheHeaderIsAClearError() throws Exception {
        Path file = write(dir.resolve("other.csv"), "id,body,user\n1,hi,ann\n");
        TestTaskContext ctx = context(config(file, "mapping", Map.of("text", "Tweet Text", "author.handle", "user")));

        try (TaskDriver driver = driver(ctx)) {
            assertThatThrownBy(driver::poll)
                    .isInstanceOf(FatalSourceException.class)
                    .hasMessage("the mapping names a column the file's header does not have: 'Tweet Text' (for text);"
                            + " its columns are 'id', 'body', 'user'");
        }
    }

    @Test
    void columnsAreFoundIgnoringCaseAndFieldsCanBeIgnored() throws Exception {
        Path file = write(dir.resolve("case.csv"), "ID,Text,URL,Lang\nA1,hello,https://example.com/a1,en\n");

        List<Mention> mentions = importAll(config(file, "mapping", Map.of("url", "")));

        assertThat(mentions).singleElement().satisfies(m -> {
            assertThat(m.id()).isEqualTo("file:A1");
            assertThat(m.text()).isEqualTo("hello");
            assertThat(m.url()).isNull();
            assertThat(m.lang()).isEqualTo("en");
            assertThat(m.extras()).containsEntry("URL", "https://example.com/a1");
        });
    }

    @Test
    void rowsWithoutIdGetTheSameIdOnEveryImport() throws Exception {
        Path file = write(dir.resolve("no-id.csv"), "text,lang\r\nhello,en\r\nworld,en\r\n");
        Path sameWithLf = write(dir.resolve("no-id-lf.csv"), "text,lang\nhello,en\nworld,en\n");

        List<Mention> once = importAll(config(file, "platform", "forum"));
        List<Mention> again = importAll(config(sameWithLf, "platform", "forum"));

        assertThat(once).extracting(Mention::id).allMatch(id -> id.matches("forum:[0-9a-f]{32}")).doesNotHaveDuplicates()
                .isEqualTo(again.stream().map(Mention::id).toList());
    }
}
