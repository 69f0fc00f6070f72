package io.earshot.server.http;

import io.earshot.api.config.FieldError;
import java.util.List;

/**
 * An RFC 9457 problem detail, the body of every error response
 * ({@code application/problem+json}).
 *
 * @param type     a URI naming the kind of problem
 * @param title    a short summary of the kind
 * @param status   the HTTP status
 * @param detail   what happened this time, readable
 * @param instance the request path
 * @param errors   per-field problems, for validation errors
 */
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String CONTENT_TYPE = "application/problem+json";

    public Problem {
        errors = errors == null || errors.isEmpty() ? null : List.copyOf(errors);
    }

    public static Problem of(int status, String slug, String title, String detail, String instance) {
        return new Problem("urn:earshot:problem:" + slug, title, status, detail, instance, null);
    }
}
