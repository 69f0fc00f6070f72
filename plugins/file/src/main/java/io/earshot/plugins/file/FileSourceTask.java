package io.earshot.plugins.file;

import io.earshot.api.Checkpoint;
import io.earshot.api.FatalSourceException;
import io.earshot.api.Mention;
import io.earshot.api.PollResult;
import io.earshot.api.RetriableException;
import io.earshot.api.SourceRecord;
import io.earshot.api.SourceTask;
import io.earshot.api.SourceTaskContext;
import io.earshot.api.config.ValidationResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one file, record by record, from the byte offset of the committed checkpoint.
 *
 * <ul>
 *   <li>Every record carries the checkpoint reached after it: byte offset, line, record count, a
 *       fingerprint of the file's first KiB and, with {@code shiftToNow}, the time shift. A restarted
 *       task seeks to that offset: no record is read twice or missed. A file now shorter than the
 *       offset, or whose first bytes changed, was truncated or replaced: it is read again from the
 *       start (ids are deterministic, so records already stored are overwritten).</li>
 *   <li>Bad records (invalid JSON, a CSV row with the wrong number of columns, no text, longer than
 *       1 MiB) are skipped and counted; an unreadable date is left to the server, which uses the
 *       collection time. Both show in the source's status, and the source is DEGRADED while such
 *       problems are recent. An import never stops because of its data.</li>
 *   <li>A last line without line break is imported when it is complete: at once when the file is not
 *       followed; when it is, once it parses as a JSON object (JSON Lines) or the file has not changed
 *       for {@link #QUIET_PERIOD}. A line being written is never imported half.</li>
 *   <li>With a replay speed, records are released on the schedule of their timestamps
 *       ({@link ReplaySchedule}); a poll waits up to about a second for the next one.</li>
 * </ul>
 */
final class FileSourceTask implements SourceTask {

    private static final Logger log = LoggerFactory.getLogger(FileSourceTask.class);

    /** Longest record read; longer ones are skipped. */
    static final int MAX_RECORD_BYTES = 1024 * 1024;
    /** A last line without line break, in a file unchanged this long, is complete. */
    static final Duration QUIET_PERIOD = Duration.ofSeconds(10);
    /** Bytes of records read per poll at most, whatever the batch size: bounds the memory a poll takes. */
    static final int MAX_BATCH_BYTES = 32 * 1024 * 1024;
    private static final Duration MAX_REPLAY_WAIT = Duration.ofSeconds(1);
    private static final int HEAD_BYTES = 1024;
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final HexFormat HEX = HexFormat.of();

    private final Duration maxReplayWait;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final MessageDigest headDigest;

    private FileImportSettings settings;
    private String partition;
    private Clock clock;
    private SourceTaskContext context;
    private ImportHealth health;
    private ReplaySchedule schedule;
    private FilePosition resumeFrom;

    private FileChannel channel;
    private Object fileKey;
    private RecordScanner scanner;
    private RecordDecoder decoder;
    private MentionMapper mapper;
    private long dataStart;
    private boolean firstRecord;

    private long records;
    private long skipped;
    private Long shiftMillis;
    private FilePosition released;
    private FilePosition checkpointed;
    private Pending pending;
    private Instant lastReleasedTime;
    private boolean atEnd;
    private boolean missing;
    private long batchBytes;
    private int cachedHeadLength = -1;
    private String cachedHead;

    /** One record read: the mention (or {@code null} when skipped), the position after it, when due. */
    private record Pending(Mention mention, FilePosition after, Instant time, long due) {
    }

    FileSourceTask() {
        this(MAX_REPLAY_WAIT);
    }

    /** @param maxReplayWait how long a replaying poll waits for the next record at most (tests shorten it) */
    FileSourceTask(Duration maxReplayWait) {
        this.maxReplayWait = maxReplayWait;
        try {
            this.headDigest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void start(SourceTaskContext context) {
        this.context = context;
        ValidationResult.Builder errors = ValidationResult.builder();
        settings = FileImportSettings.from(context.config(), errors);
        if (settings == null) {
            throw new FatalSourceException("invalid configuration: " + errors.build());
        }
        partition = settings.partition();
        clock = context.clock();
        health = new ImportHealth(context.health(), clock);
        schedule = settings.replays() ? new ReplaySchedule(settings.replaySpeed()) : null;
        resumeFrom = FilePosition.start(null);
        Optional<Checkpoint> checkpoint = context.checkpoint(partition);
        if (checkpoint.isPresent()) {
            try {
                resumeFrom = FilePosition.decode(checkpoint.get().position());
            } catch (IllegalArgumentException e) {
                health.fileProblem("the saved position in " + settings.path().getFileName()
                        + " could not be read (" + e.getMessage() + "); importing the file from the beginning");
            }
        }
        if (!settings.shiftToNow()) {
            resumeFrom = withShift(resumeFrom, null);
        }
    }

    @Override
    public PollResult poll() throws InterruptedException {
        if (stopping()) {
            return PollResult.empty();
        }
        try {
            if (channel == null) {
                open(resumeFrom);
            }
            PollResult result = read();
            context.health().partitionRecovered(partition);
            publish();
            return result;
        } catch (ClosedByInterruptException e) {
            closeFile();
            throw new InterruptedException("stopped while reading " + settings.path());
        } catch (IOException e) {
            FilePosition at = released;
            closeFile();
            resumeFrom = at == null ? resumeFrom : at;
            pending = null;
            String message = "could not read " + settings.path() + ": " + describe(e);
            context.health().partitionFailed(partition, message);
            throw new RetriableException(message, e);
        }
    }

    @Override
    public void stop() {
        stopped.countDown();
    }

    @Override
    public void close() {
        closeFile();
    }

    private boolean stopping() {
        return stopped.getCount() == 0;
    }

    /** Reads up to a batch of due records. */
    private PollResult read() throws IOException, InterruptedException {
        atEnd = false;
        if (scanner == null && !readHeader()) {
            atEnd = true;
            return PollResult.empty();
        }
        int batch = settings.batchSize();
        List<SourceRecord> out = new ArrayList<>(Math.min(batch, 4096));
        long waitStarted = 0;
        boolean waiting = false;
        batchBytes = 0;
        while (out.size() < batch && batchBytes < MAX_BATCH_BYTES && !stopping()) {
            if (pending == null) {
                pending = next();
                if (pending == null) {
                    atEnd = true;
                    break;
                }
            }
            if (pending.mention() == null) {
                released = pending.after();
                pending = null;
                continue;
            }
            long now = clock.millis();
            if (pending.due() > now) {
                if (!out.isEmpty()) {
                    break;
                }
                long nanos = System.nanoTime();
                if (!waiting) {
                    waiting = true;
                    waitStarted = nanos;
                }
                long left = maxReplayWait.toNanos() - (nanos - waitStarted);
                if (left <= 0) {
                    break;
                }
                long wait = Math.min(TimeUnit.MILLISECONDS.toNanos(pending.due() - now), left);
                if (stopped.await(wait, TimeUnit.NANOSECONDS)) {
                    break;
                }
                continue;
            }
            Checkpoint cp = new Checkpoint(partition, pending.after().encode());
            out.add(SourceRecord.of(pending.mention(), cp));
            released = pending.after();
            checkpointed = released;
            if (pending.time() != null) {
                lastReleasedTime = pending.time();
            }
            pending = null;
        }
        if (released != null && released != checkpointed) {
            out.add(SourceRecord.checkpointOnly(new Checkpoint(partition, released.encode())));
            checkpointed = released;
        }
        boolean more = !stopping() && !atEnd;
        return new PollResult(out, more);
    }

    /** The next record (possibly a skipped one), or {@code null} at the end of what can be read now. */
    private Pending next() throws IOException {
        if (scanner.position() == 0 && settings.format() == FileFormat.JSONL && startsWithBom()) {
            dataStart = BOM.length;
            scanner = new RecordScanner(channel, dataStart, 1, -1, MAX_RECORD_BYTES);
        }
        boolean reopened = false;
        while (true) {
            RecordScanner.Step step = scanner.advance();
            switch (step) {
                case END -> {
                    if (!reopened && reopenedAtEndOfFile() && scanner != null) {
                        reopened = true;
                        continue;
                    }
                    return null;
                }
                case TOO_LONG -> {
                    if (!scanner.terminated() && !tailComplete(false)) {
                        return null;
                    }
                    long line = scanner.line();
                    scanner.consume();
                    return skip(line, "longer than " + ImportHealth.bytes(MAX_RECORD_BYTES) + ", skipped");
                }
                case TAIL, RECORD -> {
                    if (step == RecordScanner.Step.TAIL && !tailComplete(true)) {
                        return null;
                    }
                    long line = scanner.line();
                    if (scanner.blank()) {
                        scanner.consume();
                        continue;
                    }
                    if (scanner.openQuote()) {
                        scanner.consumeFirstLine();
                        return skip(line, "a quoted field is never closed; skipped this line");
                    }
                    return decode(line);
                }
                default -> throw new IllegalStateException(step.name());
            }
        }
    }

    private Pending decode(long line) throws IOException {
        byte[] buf = scanner.buffer();
        int start = scanner.start();
        int length = scanner.length();
        boolean first = firstRecord;
        firstRecord = false;
        batchBytes += length;
        MentionMapper.Mapped mapped;
        try {
            RecordFields fields = decoder.decode(buf, start, length);
            mapped = mapper.map(fields, buf, start, length, this::shift);
        } catch (BadRecordException e) {
            String hint = first && settings.format() == FileFormat.JSONL && looksLikeJsonDocument(buf, start, length)
                    ? " (this looks like one JSON document, not JSON Lines with one object per line)" : "";
            scanner.consume();
            return skip(line, e.getMessage() + hint);
        } catch (RuntimeException e) {
            scanner.consume();
            return skip(line, "not a valid mention (" + e.getMessage() + ")");
        }
        scanner.consume();
        records++;
        if (mapped.repair() != null) {
            health.repaired(line, mapped.repair());
        }
        long due = schedule == null ? Long.MIN_VALUE : schedule.dueAt(mapped.originalTime(), clock.millis());
        return new Pending(mapped.mention(), position(), mapped.originalTime(), due);
    }

    private Pending skip(long line, String reason) throws IOException {
        records++;
        skipped++;
        health.skipped(line, reason);
        return new Pending(null, position(), null, Long.MIN_VALUE);
    }

    private Instant shift(Instant time) {
        if (!settings.shiftToNow()) {
            return time;
        }
        if (shiftMillis == null) {
            shiftMillis = clock.millis() - time.toEpochMilli();
        }
        return time.plusMillis(shiftMillis);
    }

    /**
     * Whether the bytes after the last line break are a complete record: always when the file is not
     * followed; else when they parse as JSON (JSON Lines) or the file has been left alone a while.
     */
    private boolean tailComplete(boolean kept) throws IOException {
        if (!settings.follow()) {
            return true;
        }
        if (kept && settings.format() == FileFormat.JSONL && !scanner.blank()) {
            try {
                decoder.decode(scanner.buffer(), scanner.start(), scanner.length());
                return true;
            } catch (BadRecordException e) {
                // incomplete so far: wait for the writer, or for the quiet period
            }
        }
        return quiet();
    }

    /** Whether nobody has written to the file for {@link #QUIET_PERIOD}. */
    private boolean quiet() throws IOException {
        long modified = Files.getLastModifiedTime(settings.path()).toMillis();
        return clock.millis() - modified >= QUIET_PERIOD.toMillis();
    }

    /**
     * At the end of what can be read: when following, notices a file that was truncated or replaced
     * since it was opened, and reopens it.
     *
     * @return whether the file was reopened
     */
    private boolean reopenedAtEndOfFile() throws IOException {
        if (!settings.follow()) {
            return false;
        }
        Path path = settings.path();
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            if (!missing) {
                missing = true;
                health.fileProblem(path + " no longer exists; waiting for it to come back");
            }
            return false;
        }
        missing = false;
        FilePosition here = position();
        if (attrs.size() < here.offset()) {
            String message = path.getFileName() + " shrank to " + ImportHealth.bytes(attrs.size())
                    + " while being imported (it was truncated or replaced); importing it again from the beginning";
            log.warn("{}", message);
            health.fileProblem(message);
            reopen(FilePosition.start(shiftMillis));
            checkpointed = null; // hand out the new start even if nothing follows it yet
            return true;
        }
        if (fileKey != null && attrs.fileKey() != null && !fileKey.equals(attrs.fileKey())) {
            log.info("{} was replaced by another file; reopening it", path);
            reopen(here);
            return true;
        }
        return false;
    }

    private void reopen(FilePosition from) throws IOException {
        closeFile();
        if (schedule != null) {
            schedule.restart();
        }
        open(from);
        if (scanner == null) {
            readHeader();
        }
    }

    /**
     * Opens the file and checks that the position still fits it.
     *
     * @throws FatalSourceException when the file is missing, not a regular file or not readable
     */
    private void open(FilePosition from) throws IOException {
        Path path = settings.path();
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw fail("file not found: " + path);
        }
        if (!attrs.isRegularFile()) {
            throw fail("not a regular file: " + path + (attrs.isDirectory() ? " is a directory" : ""));
        }
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (AccessDeniedException e) {
            throw fail("not readable: " + path + " (the server's user may not read it; check its permissions)");
        } catch (NoSuchFileException e) {
            throw fail("file not found: " + path);
        }
        fileKey = attrs.fileKey();
        long size = channel.size();
        FilePosition at = from;
        if (at.offset() > 0) {
            String problem = null;
            if (size < at.offset()) {
                problem = path.getFileName() + " is now shorter (" + ImportHealth.bytes(size) + ") than where the import"
                        + " had got to (" + ImportHealth.bytes(at.offset()) + "): it was truncated or replaced;"
                        + " importing it again from the beginning";
            } else if (!head(at.headLength()).equals(at.head())) {
                problem = "the beginning of " + path.getFileName() + " changed since it was imported: it was replaced;"
                        + " importing it again from the beginning";
            }
            if (problem != null) {
                log.warn("{}", problem);
                health.fileProblem(problem);
                at = FilePosition.start(at.shiftMillis());
            }
        }
        dataStart = startsWithBom() ? BOM.length : 0;
        records = at.records();
        skipped = at.skipped();
        shiftMillis = at.shiftMillis();
        released = at;
        checkpointed = at;
        resumeFrom = at;
        firstRecord = at.records() == 0;
        scanner = null;
        decoder = null;
        if (settings.format() == FileFormat.JSONL) {
            useDecoder(new JsonRecordDecoder(settings.mapping()));
            scanner = new RecordScanner(channel, Math.max(at.offset(), dataStart), at.line(), -1, MAX_RECORD_BYTES);
        }
        log.info("Importing {} ({}) from byte {} (line {})", path, settings.format().name().toLowerCase(Locale.ROOT),
                at.offset(), at.line());
    }

    /**
     * CSV: reads the header row (again, when resuming) and sets up the decoder and the scanner.
     *
     * @return false when the header is not complete yet
     */
    private boolean readHeader() throws IOException {
        dataStart = startsWithBom() ? BOM.length : 0;
        RecordScanner lines = new RecordScanner(channel, dataStart, 1, -1, MAX_RECORD_BYTES);
        while (true) {
            RecordScanner.Step step = lines.advance();
            if (step == RecordScanner.Step.END) {
                return false;
            }
            if (step == RecordScanner.Step.TOO_LONG) {
                throw fail("the first line of " + settings.path() + " is longer than "
                        + ImportHealth.bytes(MAX_RECORD_BYTES) + ": this is not a CSV file with a header row");
            }
            if (step == RecordScanner.Step.TAIL && resumeFrom.offset() == 0 && settings.follow() && !quiet()) {
                return false;
            }
            if (lines.blank() && step == RecordScanner.Step.RECORD) {
                lines.consume();
                continue;
            }
            String header = new String(lines.buffer(), lines.start(), lines.length(), StandardCharsets.UTF_8);
            lines.consume();
            char delimiter = settings.delimiter() != null ? settings.delimiter() : CsvRecordDecoder.detectDelimiter(header);
            try {
                useDecoder(new CsvRecordDecoder(header, delimiter, settings.mapping()));
            } catch (IllegalArgumentException e) {
                throw fail(e.getMessage());
            }
            FilePosition at = resumeFrom;
            boolean fresh = at.offset() < lines.position();
            scanner = new RecordScanner(channel, fresh ? lines.position() : at.offset(), fresh ? lines.line() : at.line(),
                    delimiter, MAX_RECORD_BYTES);
            if (fresh) {
                released = position();
            }
            return true;
        }
    }


    private void useDecoder(RecordDecoder d) {
        decoder = d;
        mapper = new MentionMapper(d, settings.platform());
    }

    /** Where the scanner is, as a checkpoint position. */
    private FilePosition position() throws IOException {
        long offset = scanner.position();
        int headLength = (int) Math.min(offset, HEAD_BYTES);
        return new FilePosition(offset, scanner.line(), records, skipped, headLength, head(headLength), shiftMillis);
    }

    /** Fingerprint of the first {@code length} bytes of the open file. */
    private String head(int length) throws IOException {
        if (length == cachedHeadLength) {
            return cachedHead;
        }
        ByteBuffer bytes = ByteBuffer.allocate(length);
        while (bytes.hasRemaining()) {
            if (channel.read(bytes, bytes.position()) < 0) {
                break;
            }
        }
        headDigest.update(bytes.array(), 0, bytes.position());
        cachedHead = HEX.formatHex(headDigest.digest(), 0, 8);
        cachedHeadLength = length;
        return cachedHead;
    }

    private boolean startsWithBom() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(BOM.length);
        while (b.hasRemaining()) {
            if (channel.read(b, b.position()) < 0) {
                return false;
            }
        }
        byte[] a = b.array();
        return a[0] == BOM[0] && a[1] == BOM[1] && a[2] == BOM[2];
    }

    private static boolean looksLikeJsonDocument(byte[] buf, int start, int length) {
        int i = start;
        int end = start + length;
        while (i < end && (buf[i] == ' ' || buf[i] == '\t')) {
            i++;
        }
        if (i == end) {
            return false;
        }
        if (buf[i] == '[') {
            return true;
        }
        int j = end - 1;
        while (j > i && (buf[j] == ' ' || buf[j] == '\t')) {
            j--;
        }
        return buf[i] == '{' && j == i;
    }

    /** Status lines after a poll: progress, replay position, skipped and repaired records. */
    private void publish() throws IOException {
        long offset = released == null ? 0 : released.offset();
        long size = channel == null ? 0 : channel.size();
        if (atEnd && offset >= size) {
            String imported = String.format(Locale.ROOT, "%,d", records - skipped);
            health.status(ImportHealth.PROGRESS, "complete: " + imported + " records imported"
                    + (skipped > 0 ? String.format(Locale.ROOT, ", %,d skipped", skipped) : "")
                    + (settings.follow() ? "; watching the file for new lines" : ""));
        } else {
            health.status(ImportHealth.PROGRESS, ImportHealth.progress(records, offset, dataStart, size));
        }
        if (schedule != null && lastReleasedTime != null) {
            health.status(ImportHealth.REPLAY, String.format(Locale.ROOT, "replaying at %s× real time; at %s of the recording",
                    speed(schedule.speed()), lastReleasedTime));
        }
        health.publish();
    }

    private static String speed(double s) {
        return s == Math.rint(s) ? String.valueOf((long) s) : String.valueOf(s);
    }

    private FatalSourceException fail(String message) {
        context.health().partitionFailed(partition, message);
        closeFile();
        return new FatalSourceException(message);
    }

    private static FilePosition withShift(FilePosition p, Long shift) {
        return Objects.equals(p.shiftMillis(), shift) ? p
                : new FilePosition(p.offset(), p.line(), p.records(), p.skipped(), p.headLength(), p.head(), shift);
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private void closeFile() {
        FileChannel c = channel;
        channel = null;
        scanner = null;
        cachedHeadLength = -1;
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                log.debug("Closing {} failed", settings.path(), e);
            }
        }
    }
}
