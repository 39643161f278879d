package dev.portalkit.messaging;

import dev.portalkit.core.ValidationException;
import java.util.List;

/**
 * An unsubscribe token that is malformed, was altered, or was signed under another key
 * ({@code PK-5007}, a {@link ValidationException} on field {@code token}). Nothing was written.
 * The host's endpoint answers it as a bad request, without saying which check failed.
 */
public class InvalidUnsubscribeTokenException extends ValidationException {

    private static final long serialVersionUID = 1L;

    public InvalidUnsubscribeTokenException() {
        super(MessagingError.UNSUBSCRIBE_TOKEN_INVALID,
                List.of(new FieldError("token", "is not a valid unsubscribe link")), null);
    }
}
