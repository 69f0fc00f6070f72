package io.earshot.plugins.file;

import io.earshot.api.Source;
import io.earshot.api.SourceDescriptor;
import io.earshot.api.SourceTask;
import io.earshot.api.config.Config;
import io.earshot.api.config.ConfigKey;
import io.earshot.api.config.ConfigSpec;
import io.earshot.api.config.ValidationResult;
import io.earshot.api.config.Validators;
import java.time.Duration;
import java.util.Map;
import org.pf4j.Extension;

/**
 * Imports mentions from a JSON Lines or CSV file on the server's disk, such as the export of
 * another listening tool, either as fast as possible or replayed on the schedule of the records'
 * own timestamps (for demos and benchmarks). See {@link FileSourceTask} for how the file is read.
 */
@Extension
public class FileSource implements Source {

    static final String TYPE = "file";

    private static final String FILE = "File";
    private static final String MAPPING_GROUP = "Mapping";
    private static final String REPLAY = "Replay";

    static final ConfigKey<String> PATH = ConfigKey.string("path")
            .displayName("File path")
            .doc("Absolute path of the file on the server's disk. It must be a regular file the server can read.")
            .example("/data/exports/mentions.jsonl")
            .required()
            .validate(Validators.nonBlank())
            .validate(Validators.maxLength(4096))
            .group(FILE)
            .build();

    static final ConfigKey<String> FORMAT = ConfigKey.choice("format", "auto", "jsonl", "csv")
            .displayName("Format")
            .doc("jsonl: one JSON object per line; csv: a header row, then one row per mention. "
                    + "auto decides by the file name: .jsonl, .ndjson, .json are JSON Lines; .csv, .tsv are CSV.")
            .defaultValue("auto")
            .group(FILE)
            .build();

    static final ConfigKey<String> DELIMITER = ConfigKey.string("delimiter")
            .displayName("CSV delimiter")
            .doc("The character between CSV columns, e.g. , ; | or \\t for tab. When not set: tab for .tsv "
                    + "files, otherwise whichever of , ; tab | the header row uses (comma when unclear).")
            .example(",")
            .group(FILE)
            .build();

    static final ConfigKey<Map<String, String>> MAPPING = ConfigKey.map("mapping")
            .displayName("Field mapping")
            .doc("Which column (CSV) or field (JSON, a path with dots such as user.name) fills each mention field: "
                    + "{\"text\": \"Tweet Text\", \"author.handle\": \"Username\", \"publishedAt\": \"Date\", "
                    + "\"engagement.likes\": \"Likes\"}. Mention fields: " + MentionField.keys() + ". "
                    + "Fields not mapped are read from a column or field of their own name when there is one; "
                    + "map a field to \"\" to ignore it.")
            .example("{\"text\": \"Tweet Text\", \"author.handle\": \"Username\", \"publishedAt\": \"Date\"}")
            .group(MAPPING_GROUP)
            .build();

    static final ConfigKey<String> PLATFORM = ConfigKey.string("platform")
            .displayName("Platform")
            .doc("The platform of records that do not name one (their mention ids start with it), e.g. twitter.")
            .defaultValue("file")
            .validate(Validators.matches("[a-z0-9][a-z0-9._-]{0,39}", "a lower-case name such as twitter or bluesky"))
            .group(MAPPING_GROUP)
            .build();

    static final ConfigKey<Double> REPLAY_SPEED = ConfigKey.decimal("replaySpeed")
            .displayName("Replay speed")
            .doc("0 imports as fast as possible. Above 0, each record is released when its time comes, keeping "
                    + "the gaps between the records' timestamps: 1 is real time, 60 is sixty times faster.")
            .defaultValue(0.0)
            .validate(Validators.between(0, 1_000_000))
            .group(REPLAY)
            .build();

    static final ConfigKey<Boolean> SHIFT_TO_NOW = ConfigKey.bool("shiftToNow")
            .displayName("Shift timestamps to now")
            .doc("Move publication times so that the first record is published now and the others keep their "
                    + "distance to it. The shift is kept across restarts, so re-imported records keep their times.")
            .defaultValue(false)
            .group(REPLAY)
            .build();

    static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.integer("batchSize")
            .displayName("Batch size")
            .doc("Records handed to the server per poll, at most.")
            .defaultValue(2000)
            .validate(Validators.between(1, 10_000))
            .group(FILE)
            .build();

    static final ConfigKey<Boolean> FOLLOW = ConfigKey.bool("follow")
            .displayName("Follow the file")
            .doc("Keep watching the file after its end and import lines appended later (like tail -f). "
                    + "A last line still being written is imported once it is complete.")
            .defaultValue(true)
            .group(FILE)
            .build();

    private static final ConfigSpec SPEC = ConfigSpec.of(PATH, FORMAT, DELIMITER, MAPPING, PLATFORM, REPLAY_SPEED,
            SHIFT_TO_NOW, BATCH_SIZE, FOLLOW);

    private static final SourceDescriptor DESCRIPTOR = new SourceDescriptor(TYPE, "File import",
            "Imports mentions from a JSON Lines or CSV file, such as the export of another listening tool, "
                    + "as fast as possible or replayed at the pace of its timestamps.",
            Duration.ofSeconds(10), Duration.ofSeconds(1));

    @Override
    public SourceDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public ConfigSpec configSpec() {
        return SPEC;
    }

    /** Checks the path's form, the format, the mapping and the delimiter; never touches the disk. */
    @Override
    public ValidationResult validate(Config config) {
        ValidationResult.Builder errors = ValidationResult.builder();
        FileImportSettings.from(config, errors);
        return errors.build();
    }

    @Override
    public SourceTask createTask() {
        return new FileSourceTask();
    }
}
