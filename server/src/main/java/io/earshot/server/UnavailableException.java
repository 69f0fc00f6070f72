package io.earshot.server;

/** A dependency the request needs (Elasticsearch) is not available right now: HTTP 503. */
public class UnavailableException extends RuntimeException {

    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
