/**
 * The file import source ({@code file}): mentions from a JSON Lines or CSV file on the server's
 * disk, such as the export of another listening tool, imported as fast as possible or replayed at a
 * speed factor on the schedule of their own timestamps (demos, benchmarks).
 *
 * <ul>
 *   <li>{@link io.earshot.plugins.file.FileSource}: the extension, its settings and their checks.</li>
 *   <li>{@code FileSourceTask}: reads the file from the checkpoint's byte offset, follows it, notices
 *       truncation and replacement, paces replays, reports progress and bad records.</li>
 *   <li>{@code RecordScanner}: finds records (lines, CSV rows spanning lines) by byte offset.</li>
 *   <li>{@code JsonRecordDecoder}, {@code CsvRecordDecoder}, {@code MentionMapper}: record to mention.</li>
 *   <li>{@code FilePosition}: the checkpoint position.</li>
 * </ul>
 */
package io.earshot.plugins.file;
