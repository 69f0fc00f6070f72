package io.earshot.plugins.file;

import java.util.Locale;
import java.util.Optional;

/** The record formats the file source reads. */
enum FileFormat {
    /** JSON Lines: one JSON object per line. */
    JSONL,
    /** Comma (or other character) separated values with a header row. */
    CSV;

    /** The format a file name suggests: .jsonl, .ndjson, .json → JSONL; .csv, .tsv → CSV. */
    static Optional<FileFormat> fromFileName(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
            return Optional.of(JSONL);
        }
        if (name.endsWith(".csv") || name.endsWith(".tsv")) {
            return Optional.of(CSV);
        }
        return Optional.empty();
    }

    static boolean isCompressed(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        return name.endsWith(".gz") || name.endsWith(".zip") || name.endsWith(".bz2") || name.endsWith(".xz")
                || name.endsWith(".zst") || name.endsWith(".7z");
    }
}
