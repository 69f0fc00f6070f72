package io.earshot.plugins.file;

/**
 * A record that cannot become a mention (invalid JSON, wrong number of columns...). Carries a
 * message for the user and no stack trace: bad records are data, not bugs, and may be many.
 */
final class BadRecordException extends Exception {

    BadRecordException(String message) {
        super(message, null, false, false);
    }
}
