package io.earshot.plugins.file;

/**
 * Bounds of what a record adds to {@code Mention#extras()}: its values not mapped to a mention
 * field are kept for reference (stored, not indexed), but never so many that a wide export bloats
 * every document.
 */
final class Extras {

    /** Values kept per record, in the record's order. */
    static final int MAX_ENTRIES = 32;
    /** Characters kept of a text value. */
    static final int MAX_TEXT = 1_000;
    /** Items kept of a list value. */
    static final int MAX_ITEMS = 20;
    /** How deep nested JSON objects are flattened into dotted names. */
    static final int MAX_DEPTH = 3;

    private Extras() {
    }

    static String cut(String s) {
        return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT) + "…";
    }
}
