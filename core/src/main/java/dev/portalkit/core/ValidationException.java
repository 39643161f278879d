package dev.portalkit.core;

import java.util.List;
import java.util.stream.Collectors;

/** Input was refused; nothing was written. {@link #errors()} names every failing field. */
public class ValidationException extends PortalException {

    private static final long serialVersionUID = 1L;

    /** One failing field and a message a person can read, for example {@code email: must be an e-mail address}. */
    public record FieldError(String field, String message) {
        @Override
        public String toString() {
            return field + ": " + message;
        }
    }

    private final transient List<FieldError> errors;

    public ValidationException(List<FieldError> errors) {
        this(CoreError.VALIDATION_FAILED, errors, null);
    }

    public ValidationException(String field, String message) {
        this(List.of(new FieldError(field, message)));
    }

    protected ValidationException(ErrorCode code, List<FieldError> errors, Throwable cause) {
        super(code, cause, describe(errors));
        this.errors = List.copyOf(errors);
    }

    private static String describe(List<FieldError> errors) {
        return errors.stream().map(FieldError::toString).collect(Collectors.joining("; "));
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** Whether a field of this name failed. */
    public boolean hasError(String field) {
        return errors.stream().anyMatch(e -> e.field().equals(field));
    }
}
