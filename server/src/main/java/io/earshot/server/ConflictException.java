package io.earshot.server;

/** The request conflicts with the current state (a duplicate id, a non-empty workspace): HTTP 409. */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
