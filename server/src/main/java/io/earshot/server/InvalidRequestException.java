package io.earshot.server;

import io.earshot.api.config.FieldError;
import java.util.List;

/** The request is invalid; every problem is listed per field: HTTP 400. */
public class InvalidRequestException extends RuntimeException {

    private final List<FieldError> errors;

    public InvalidRequestException(String message, List<FieldError> errors) {
        super(message);
        this.errors = List.copyOf(errors);
    }

    public InvalidRequestException(String field, String message) {
        this("invalid " + field + ": " + message, List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }
}
