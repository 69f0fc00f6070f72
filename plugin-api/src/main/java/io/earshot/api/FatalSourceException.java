package io.earshot.api;

/**
 * Trouble only the user can fix: rejected credentials, a channel that does not exist, a
 * configuration the platform refuses. The source shows FAILING with this message, and the server
 * retries only rarely (the user may have fixed the platform side) until the configuration changes.
 */
public class FatalSourceException extends SourceException {

    public FatalSourceException(String message) {
        super(message);
    }

    public FatalSourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
