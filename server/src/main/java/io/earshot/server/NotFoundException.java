package io.earshot.server;

/** The requested object does not exist (or the caller may not know it exists): HTTP 404. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}
