package io.earshot.plugins.file;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * How far the import of a file got: the checkpoint position, stored as a small JSON object such as
 * {@code {"v":1,"offset":52311,"line":1201,"records":1200,"skipped":2,"headLength":1024,
 * "head":"9f86d081884c7d65","shiftMs":31536000000}}.
 *
 * @param offset      byte offset of the next record to read
 * @param line        line number (1-based) at {@code offset}, for messages
 * @param records     records read before {@code offset} (imported and skipped; not the CSV header)
 * @param skipped     of those, records skipped as unusable
 * @param headLength  how many bytes from the start of the file {@code head} covers: min(offset, 1 KiB)
 * @param head        fingerprint (SHA-256, 16 hex digits) of those bytes, to notice a replaced file
 * @param shiftMillis what was added to every publication time (shiftToNow), or {@code null} before the
 *                    first timestamped record or when timestamps are not shifted
 */
record FilePosition(long offset, long line, long records, long skipped, int headLength, String head,
                    Long shiftMillis) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int VERSION = 1;

    FilePosition {
        if (offset < 0 || line < 1 || records < 0 || skipped < 0 || headLength < 0 || head == null) {
            throw new IllegalArgumentException("not a file position");
        }
    }

    /** The start of a file, keeping an established time shift. */
    static FilePosition start(Long shiftMillis) {
        return new FilePosition(0, 1, 0, 0, 0, "", shiftMillis);
    }

    String encode() {
        StringBuilder b = new StringBuilder(160)
                .append("{\"v\":").append(VERSION)
                .append(",\"offset\":").append(offset)
                .append(",\"line\":").append(line)
                .append(",\"records\":").append(records)
                .append(",\"skipped\":").append(skipped)
                .append(",\"headLength\":").append(headLength)
                .append(",\"head\":\"").append(head).append('"');
        if (shiftMillis != null) {
            b.append(",\"shiftMs\":").append(shiftMillis);
        }
        return b.append('}').toString();
    }

    /** @throws IllegalArgumentException when the text is not a position this version wrote */
    static FilePosition decode(String text) {
        JsonNode n;
        try {
            n = JSON.readTree(text);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not JSON");
        }
        if (n == null || !n.isObject() || n.path("v").asInt() != VERSION || !n.path("offset").canConvertToLong()
                || !n.path("head").isTextual()) {
            throw new IllegalArgumentException("not a file position of this version");
        }
        JsonNode shift = n.get("shiftMs");
        return new FilePosition(n.path("offset").asLong(), n.path("line").asLong(1), n.path("records").asLong(),
                n.path("skipped").asLong(), n.path("headLength").asInt(), n.path("head").asText(),
                shift == null || !shift.canConvertToLong() ? null : shift.asLong());
    }
}
