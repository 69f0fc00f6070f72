package io.earshot.api.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The outcome of validating a configuration: every problem found, per field, and, when there was
 * none, the parsed {@link Config}. Validation never stops at the first error.
 */
public final class ValidationResult {

    private static final ValidationResult VALID = new ValidationResult(List.of(), null);

    private final List<FieldError> errors;
    private final Config config;

    private ValidationResult(List<FieldError> errors, Config config) {
        this.errors = List.copyOf(errors);
        this.config = config;
    }

    /** No problem, no parsed config attached (for {@code Source#validate}). */
    public static ValidationResult valid() {
        return VALID;
    }

    public static ValidationResult valid(Config config) {
        return new ValidationResult(List.of(), config);
    }

    public static ValidationResult invalid(List<FieldError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("an invalid result needs at least one error");
        }
        return new ValidationResult(errors, null);
    }

    /** A result with one problem. */
    public static ValidationResult error(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    /** Collects errors, then builds a result. */
    public static Builder builder() {
        return new Builder();
    }

    public boolean isValid() {
        return errors.isEmpty();
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** The parsed configuration, present when valid and produced by {@link ConfigSpec#validate}. */
    public Optional<Config> config() {
        return Optional.ofNullable(config);
    }

    /** This result's errors and the other's; keeps this result's config when both are valid. */
    public ValidationResult and(ValidationResult other) {
        if (other.isValid()) {
            return this;
        }
        List<FieldError> all = new ArrayList<>(errors);
        all.addAll(other.errors);
        return new ValidationResult(all, null);
    }

    @Override
    public String toString() {
        return isValid() ? "valid" : errors.stream().map(FieldError::toString).collect(Collectors.joining("; "));
    }

    /** Collects field errors. */
    public static final class Builder {
        private final List<FieldError> errors = new ArrayList<>();

        private Builder() {
        }

        public Builder error(String field, String message) {
            errors.add(new FieldError(field, message));
            return this;
        }

        public boolean hasErrors() {
            return !errors.isEmpty();
        }

        public ValidationResult build() {
            return errors.isEmpty() ? VALID : new ValidationResult(errors, null);
        }
    }
}
