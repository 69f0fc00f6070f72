package io.earshot.plugins.file;

import static io.earshot.plugins.file.Imports.config;
import static io.earshot.plugins.file.Imports.context;
import static io.earshot.plugins.file.Imports.driver;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.earshot.api.FatalSourceException;
import io.earshot.api.config.ConfigKey;
import io.earshot.api.config.FieldError;
import io.earshot.api.config.ValidationResult;
import io.earshot.plugins.testkit.TaskDriver;
import io.earshot.plugins.testkit.TestTaskContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Enumeration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSourceTest {

    private final FileSource source = new FileSource();

    @TempDir
    Path dir;

    private ValidationResult validate(Map<String, ?> raw) {
        ValidationResult spec = source.configSpec().validate(raw);
        return spec.config().map(source::validate).orElse(spec);
    }

    @Test
    void describesItselfAndDocumentsEveryKey() {
        assertThat(source.descriptor().type()).isEqualTo("file");
        assertThat(source.configSpec().keys()).extracting(ConfigKey::name).containsExactly(
                "path", "format", "delimiter", "mapping", "platform", "replaySpeed", "shiftToNow", "batchSize", "follow");
        assertThat(source.configSpec().keys()).allSatisfy(key -> {
            assertThat(key.displayName()).isNotEqualTo(key.name());
            assertThat(key.doc()).isNotBlank();
        });
    }

    @Test
    void isListedInThePluginsExtensionIndex() throws IOException {
        StringBuilder indexes = new StringBuilder();
        Enumeration<URL> urls = getClass().getClassLoader().getResources("META-INF/extensions.idx");
        while (urls.hasMoreElements()) {
            try (InputStream in = urls.nextElement().openStream()) {
                indexes.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertThat(indexes.toString().lines()).contains(FileSource.class.getName());
    }

    @Test
    void acceptsAPathThatDoesNotExistYetBecauseValidationDoesNoIo() {
        assertThat(validate(Map.of("path", "/nowhere/at/all/export.jsonl")).isValid()).isTrue();
    }

    @Test
    void reportsEveryConfigurationProblemAtOnce() {
        ValidationResult semantic = validate(Map.of(
                "path", "exports/data.txt",
                "mapping", Map.of("likes", "Likes"),
                "delimiter", "::"));
        assertThat(semantic.errors()).containsExactlyInAnyOrder(
                new FieldError("path", "must be an absolute path on the server, such as /data/exports/mentions.jsonl"),
                new FieldError("mapping", "'likes' is not a mention field; use " + MentionField.keys()),
                new FieldError("delimiter", "must be one character such as , ; | or \\t (or the word tab), not '::'"));
    }

    @Test
    void needsAFormatWhenTheNameDoesNotTellAndRefusesCompressedFiles() {
        assertThat(validate(Map.of("path", "/data/export.txt")).errors()).containsExactly(new FieldError("format",
                "cannot tell the format of export.txt from its name (.jsonl, .ndjson, .json, .csv or .tsv): set it to jsonl or csv"));
        assertThat(validate(Map.of("path", "/data/export.txt", "format", "csv")).isValid()).isTrue();
        assertThat(validate(Map.of("path", "/data/export.csv.gz")).errors()).extracting(FieldError::message)
                .containsExactly("compressed files are not supported: unpack export.csv.gz first");
    }

    @Test
    void aMissingFileIsAClearErrorOnPoll() throws Exception {
        Path missing = dir.resolve("not-there.jsonl");
        TestTaskContext ctx = context(config(missing));

        try (TaskDriver driver = driver(ctx)) {
            assertThatThrownBy(driver::poll)
                    .isInstanceOf(FatalSourceException.class)
                    .hasMessage("file not found: " + missing);
        }
        assertThat(ctx.failedPartitions()).containsEntry("file:" + missing, "file not found: " + missing);
    }

    @Test
    void aDirectoryIsNotAFile() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("folder.csv"));

        try (TaskDriver driver = driver(context(config(sub)))) {
            assertThatThrownBy(driver::poll)
                    .isInstanceOf(FatalSourceException.class)
                    .hasMessage("not a regular file: " + sub + " is a directory");
        }
    }

    @Test
    void anUnreadableFileSaysSo() throws Exception {
        assumeThat(System.getProperty("user.name")).as("root reads every file").isNotEqualTo("root");
        Path file = Imports.write(dir.resolve("secret.jsonl"), "{\"text\":\"x\"}\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));

        try (TaskDriver driver = driver(context(config(file)))) {
            assertThatThrownBy(driver::poll)
                    .isInstanceOf(FatalSourceException.class)
                    .hasMessageStartingWith("not readable: " + file);
        }
    }

    @Test
    void theFileAppearingLaterIsImportedByTheNextTask() throws Exception {
        Path later = dir.resolve("later.jsonl");
        TestTaskContext ctx = context(config(later));
        try (TaskDriver driver = driver(ctx)) {
            assertThatThrownBy(driver::poll).isInstanceOf(FatalSourceException.class);
        }

        Imports.write(later, "{\"text\":\"here now\"}\n");
        try (TaskDriver driver = driver(ctx.restarted())) {
            assertThat(Imports.texts(driver.pollMentions())).containsExactly("here now");
        }
    }
}
