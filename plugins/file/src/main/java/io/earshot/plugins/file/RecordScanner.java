package io.earshot.plugins.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * Finds the records of a file by byte offset: lines, or CSV rows whose quoted fields may hold line
 * breaks. It reads the file through positional reads into a reusable buffer and never decodes
 * anything, so that a checkpoint can name the exact byte where the next record starts.
 *
 * <p>Use: {@link #advance()} finds the next record without moving past it; the caller looks at it
 * ({@link #buffer()}, {@link #start()}, {@link #length()}) and then {@link #consume()}s it, or
 * leaves it for later (a last line still being written). A line ends at {@code \n}; a {@code \r}
 * before it is not part of the record. Not thread-safe.
 */
final class RecordScanner {

    /** What {@link #advance()} found. */
    enum Step {
        /** A complete record, ended by a line break. */
        RECORD,
        /** Bytes after the last line break: a last line without line break, or one still being written. */
        TAIL,
        /**
         * A record longer than the limit, not kept; consuming it skips to the first line break after its
         * start ({@link #terminated()} is false when the file ends before one).
         */
        TOO_LONG,
        /** Nothing after the position (yet). */
        END
    }

    private static final byte LF = '\n';
    private static final byte CR = '\r';
    private static final byte QUOTE = '"';
    private static final int FIELD_START = 0;
    private static final int UNQUOTED = 1;
    private static final int QUOTED = 2;
    private static final int QUOTE_IN_QUOTED = 3;
    private static final int INITIAL_BUFFER = 256 * 1024;

    private final FileChannel channel;
    private final int maxRecordBytes;
    private final int delimiter;

    private byte[] buf;
    private long bufOffset;
    private int bufLen;
    private long position;
    private long line;

    private int start;
    private int length;
    private long end;
    private long firstLineEnd;
    private int lineBreaks;
    private boolean openQuote;
    private boolean terminated;

    /**
     * @param channel        the file
     * @param position       byte offset of the first record to read
     * @param line           line number at that offset (1-based), for messages
     * @param delimiter      the CSV delimiter, or {@code -1} when records are plain lines (JSON Lines)
     * @param maxRecordBytes longest record kept
     */
    RecordScanner(FileChannel channel, long position, long line, int delimiter, int maxRecordBytes) {
        this.channel = channel;
        this.position = position;
        this.line = line;
        this.delimiter = delimiter;
        this.maxRecordBytes = maxRecordBytes;
        this.buf = new byte[Math.min(INITIAL_BUFFER, maxRecordBytes + 2)];
        this.bufOffset = position;
    }

    /** Finds the record at the current position. */
    Step advance() throws IOException {
        if (position < bufOffset || position > bufOffset + bufLen) {
            bufOffset = position;
            bufLen = 0;
        }
        int s = (int) (position - bufOffset);
        int i = s;
        int state = FIELD_START;
        int breaks = 0;
        int firstBreak = -1;
        while (true) {
            int limit = (int) Math.min(bufLen, (long) s + maxRecordBytes + 1);
            if (delimiter < 0) {
                while (i < limit && buf[i] != LF) {
                    i++;
                }
                if (i < limit) {
                    return record(s, i, breaks, firstBreak);
                }
            } else {
                for (; i < limit; i++) {
                    byte b = buf[i];
                    if (state == QUOTED) {
                        if (b == QUOTE) {
                            state = QUOTE_IN_QUOTED;
                        } else if (b == LF) {
                            breaks++;
                            if (firstBreak < 0) {
                                firstBreak = i;
                            }
                        }
                    } else if (b == LF) {
                        return record(s, i, breaks, firstBreak);
                    } else if (b == delimiter) {
                        state = FIELD_START;
                    } else if (state == FIELD_START) {
                        state = b == QUOTE ? QUOTED : UNQUOTED;
                    } else if (state == QUOTE_IN_QUOTED) {
                        state = b == QUOTE ? QUOTED : UNQUOTED;
                    }
                }
            }
            if (i - s > maxRecordBytes) {
                return tooLong(i, firstBreak);
            }
            if (s > 0) {
                System.arraycopy(buf, s, buf, 0, bufLen - s);
                bufOffset += s;
                bufLen -= s;
                i -= s;
                if (firstBreak >= 0) {
                    firstBreak -= s;
                }
                s = 0;
            }
            if (bufLen == buf.length) {
                buf = Arrays.copyOf(buf, (int) Math.min(buf.length * 2L, maxRecordBytes + 2L));
            }
            if (read() <= 0) {
                if (i == s) {
                    return Step.END;
                }
                return tail(s, i, breaks, firstBreak, state == QUOTED);
            }
        }
    }

    private Step record(int s, int lf, int breaks, int firstBreak) {
        start = s;
        length = lf > s && buf[lf - 1] == CR ? lf - s - 1 : lf - s;
        end = bufOffset + lf + 1;
        firstLineEnd = firstBreak >= 0 ? bufOffset + firstBreak + 1 : end;
        lineBreaks = breaks + 1;
        openQuote = false;
        terminated = true;
        return Step.RECORD;
    }

    private Step tail(int s, int i, int breaks, int firstBreak, boolean inQuotes) {
        start = s;
        length = i > s && buf[i - 1] == CR ? i - s - 1 : i - s;
        end = bufOffset + i;
        firstLineEnd = firstBreak >= 0 ? bufOffset + firstBreak + 1 : end;
        lineBreaks = breaks;
        openQuote = inQuotes;
        terminated = false;
        return Step.TAIL;
    }

    /** Skips to the first line break after the record's start, reading on without keeping anything. */
    private Step tooLong(int i, int firstBreak) throws IOException {
        start = 0;
        length = 0;
        openQuote = false;
        lineBreaks = 1;
        if (firstBreak >= 0) {
            end = bufOffset + firstBreak + 1;
            firstLineEnd = end;
            terminated = true;
            return Step.TOO_LONG;
        }
        long scanned = bufOffset + i;
        while (true) {
            bufOffset = scanned;
            bufLen = 0;
            if (read() <= 0) {
                end = scanned;
                firstLineEnd = end;
                lineBreaks = 0;
                terminated = false;
                return Step.TOO_LONG;
            }
            for (int j = 0; j < bufLen; j++) {
                if (buf[j] == LF) {
                    end = bufOffset + j + 1;
                    firstLineEnd = end;
                    terminated = true;
                    return Step.TOO_LONG;
                }
            }
            scanned = bufOffset + bufLen;
        }
    }

    private int read() throws IOException {
        int n = channel.read(ByteBuffer.wrap(buf, bufLen, buf.length - bufLen), bufOffset + bufLen);
        if (n > 0) {
            bufLen += n;
        }
        return n;
    }

    /** Moves past the record found by {@link #advance()}. */
    void consume() {
        position = end;
        line += lineBreaks;
    }

    /**
     * Moves past the first line of the record found by {@link #advance()} only: for a CSV row whose
     * quoted field never closes, so that one broken row does not swallow the rows after it.
     */
    void consumeFirstLine() {
        line += firstLineEnd == end ? lineBreaks : 1;
        position = firstLineEnd;
    }

    /** The bytes of the record found; valid until the next {@link #advance()}. */
    byte[] buffer() {
        return buf;
    }

    /** Where the record starts in {@link #buffer()}. */
    int start() {
        return start;
    }

    /** The record's length in bytes, without its line terminator. */
    int length() {
        return length;
    }

    /** Whether the record found ended with a line break. */
    boolean terminated() {
        return terminated;
    }

    /** Whether the {@link Step#TAIL} found ends inside a quoted CSV field. */
    boolean openQuote() {
        return openQuote;
    }

    /** Whether the record found is empty or only white space. */
    boolean blank() {
        for (int i = start, e = start + length; i < e; i++) {
            byte b = buf[i];
            if (b != ' ' && b != '\t' && b != CR) {
                return false;
            }
        }
        return true;
    }

    /** Byte offset of the next record (after {@link #consume()}, the one after the record consumed). */
    long position() {
        return position;
    }

    /** Line number (1-based) at {@link #position()}. */
    long line() {
        return line;
    }
}
