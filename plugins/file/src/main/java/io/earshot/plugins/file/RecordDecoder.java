package io.earshot.plugins.file;

/** Turns the bytes of one record into {@link RecordFields}. Not thread-safe. */
interface RecordDecoder {

    /**
     * @param buf    holds the record, UTF-8
     * @param offset where it starts
     * @param length its length, without line terminator
     * @throws BadRecordException when the bytes are not a usable record, saying why
     */
    RecordFields decode(byte[] buf, int offset, int length) throws BadRecordException;

    /** Where a field is read from, for messages: "column 'Tweet Text'", "field 'text'". */
    String describe(MentionField field);
}
