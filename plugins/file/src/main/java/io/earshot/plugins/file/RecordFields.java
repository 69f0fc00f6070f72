package io.earshot.plugins.file;

import java.util.Map;

/** The values of one decoded record (a JSON object, a CSV row), looked up by mention field. */
interface RecordFields {

    /** The field's value as text, or {@code null} when absent or empty. */
    String text(MentionField field);

    /** The field's value when the format stores it as a number (JSON), else {@code null}. */
    Number number(MentionField field);

    /** The record's other values, bounded in count and size, for {@code Mention#extras()}. */
    Map<String, Object> extras();
}
