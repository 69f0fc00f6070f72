package io.earshot.plugins.file;

import io.earshot.api.Checkpoint;
import io.earshot.api.config.Config;
import io.earshot.api.config.ValidationResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration of one file import, checked and resolved: absolute path, format, mapping.
 *
 * @param path        absolute, normalised path of the file
 * @param format      the record format
 * @param mapping     mention field → column name or JSON path, for the fields the user mapped; an
 *                    empty value means "do not read this field"
 * @param platform    the platform of records that do not name one
 * @param delimiter   the CSV delimiter, or {@code null} to detect it from the header
 * @param replaySpeed 0 = as fast as possible, otherwise how many times faster than recorded
 * @param shiftToNow  whether publication times move so that the first record is "now"
 * @param batchSize   records per poll at most
 * @param follow      whether lines appended after the end of the file are imported later
 */
record FileImportSettings(Path path, FileFormat format, Map<MentionField, String> mapping, String platform,
                          Character delimiter, double replaySpeed, boolean shiftToNow, int batchSize,
                          boolean follow) {

    FileImportSettings {
        EnumMap<MentionField, String> copy = new EnumMap<>(MentionField.class);
        copy.putAll(mapping);
        mapping = Collections.unmodifiableMap(copy);
    }

    /**
     * Resolves a configuration the spec accepted. Does no I/O.
     *
     * @param errors receives every problem, per field
     * @return the settings, or {@code null} when {@code errors} received a problem
     */
    static FileImportSettings from(Config config, ValidationResult.Builder errors) {
        Path path = resolvePath(config.get(FileSource.PATH), errors);
        FileFormat format = null;
        if (path != null) {
            format = resolveFormat(config.get(FileSource.FORMAT), path, errors);
        }
        Map<MentionField, String> mapping = new EnumMap<>(MentionField.class);
        Map<String, String> raw = config.find(FileSource.MAPPING).orElse(Map.of());
        for (Map.Entry<String, String> e : raw.entrySet()) {
            Optional<MentionField> field = MentionField.byKey(e.getKey().strip());
            if (field.isEmpty()) {
                errors.error(FileSource.MAPPING.name(), "'" + e.getKey() + "' is not a mention field; use "
                        + MentionField.keys());
                continue;
            }
            String source = e.getValue().strip();
            mapping.put(field.get(), source.equals("-") ? "" : source);
        }
        Character delimiter = null;
        if (config.isSet(FileSource.DELIMITER)) {
            delimiter = parseDelimiter(config.get(FileSource.DELIMITER));
            if (delimiter == null) {
                errors.error(FileSource.DELIMITER.name(),
                        "must be one character such as , ; | or \\t (or the word tab), not '" + config.get(FileSource.DELIMITER) + "'");
            }
        } else if (path != null && path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".tsv")) {
            delimiter = '\t';
        }
        if (errors.hasErrors()) {
            return null;
        }
        return new FileImportSettings(path, format, mapping, config.get(FileSource.PLATFORM), delimiter,
                config.get(FileSource.REPLAY_SPEED), config.get(FileSource.SHIFT_TO_NOW),
                config.get(FileSource.BATCH_SIZE), config.get(FileSource.FOLLOW));
    }

    /** The checkpoint partition of the file: {@code file:<absolute path>} (hashed if very long). */
    String partition() {
        String partition = "file:" + path;
        if (partition.length() <= Checkpoint.MAX_PARTITION_LENGTH) {
            return partition;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(path.toString().getBytes(StandardCharsets.UTF_8));
            return "file:#" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether records are released on the schedule of their timestamps. */
    boolean replays() {
        return replaySpeed > 0;
    }

    private static Path resolvePath(String value, ValidationResult.Builder errors) {
        String name = FileSource.PATH.name();
        String s = value == null ? "" : value.strip();
        if (s.isEmpty()) {
            errors.error(name, "is required");
            return null;
        }
        Path path;
        try {
            path = Path.of(s);
        } catch (InvalidPathException e) {
            errors.error(name, "is not a valid path: " + e.getReason());
            return null;
        }
        if (!path.isAbsolute()) {
            errors.error(name, "must be an absolute path on the server, such as /data/exports/mentions.jsonl");
            return null;
        }
        path = path.normalize();
        if (path.getFileName() == null) {
            errors.error(name, "must name a file, not the root directory");
            return null;
        }
        if (FileFormat.isCompressed(path.getFileName().toString())) {
            errors.error(name, "compressed files are not supported: unpack " + path.getFileName() + " first");
            return null;
        }
        return path;
    }

    private static FileFormat resolveFormat(String value, Path path, ValidationResult.Builder errors) {
        return switch (value) {
            case "jsonl" -> FileFormat.JSONL;
            case "csv" -> FileFormat.CSV;
            default -> {
                Optional<FileFormat> detected = FileFormat.fromFileName(path.getFileName().toString());
                if (detected.isEmpty()) {
                    errors.error(FileSource.FORMAT.name(), "cannot tell the format of " + path.getFileName()
                            + " from its name (.jsonl, .ndjson, .json, .csv or .tsv): set it to jsonl or csv");
                }
                yield detected.orElse(null);
            }
        };
    }

    /** One character, {@code \t} or the word {@code tab}; {@code null} when unusable. */
    static Character parseDelimiter(String value) {
        if (value == null) {
            return null;
        }
        if (value.equals("\\t") || value.equalsIgnoreCase("tab") || value.equals("\t")) {
            return '\t';
        }
        String s = value.strip();
        if (s.length() != 1) {
            return null;
        }
        char c = s.charAt(0);
        if (c >= 128 || c == '"' || c == '\r' || c == '\n' || Character.isLetterOrDigit(c)) {
            return null;
        }
        return c;
    }
}
