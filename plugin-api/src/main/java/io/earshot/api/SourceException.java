package io.earshot.api;

/**
 * Base of the exceptions a {@link SourceTask} throws on purpose. The message is shown to users in
 * the source's health: make it plain and never put a secret in it.
 */
public class SourceException extends RuntimeException {

    public SourceException(String message) {
        super(message);
    }

    public SourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
