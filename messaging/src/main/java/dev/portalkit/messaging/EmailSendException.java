package dev.portalkit.messaging;

import java.util.Objects;

/**
 * Thrown by an {@link EmailSender}: what went wrong, and whether sending again is safe.
 */
public class EmailSendException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Whether the outbox may try again. */
    public enum Kind {
        /** Nothing was accepted and trying later may work (connection refused, a 4xx answer): retried with backoff. */
        TRANSIENT,
        /** Refused for good (a 5xx answer, a bad address): FAILED at once. */
        PERMANENT,
        /**
         * The message data was handed to the server but its answer was lost (a timeout or a dropped
         * connection after the final dot): the server may have accepted it. Marked UNKNOWN, never
         * retried, since a retry is how recipients get duplicates.
         */
        OUTCOME_UNKNOWN
    }

    private final Kind kind;

    public EmailSendException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "null kind");
    }

    public static EmailSendException transientFailure(String message, Throwable cause) {
        return new EmailSendException(Kind.TRANSIENT, message, cause);
    }

    public static EmailSendException permanentFailure(String message, Throwable cause) {
        return new EmailSendException(Kind.PERMANENT, message, cause);
    }

    public static EmailSendException outcomeUnknown(String message, Throwable cause) {
        return new EmailSendException(Kind.OUTCOME_UNKNOWN, message, cause);
    }

    public Kind kind() {
        return kind;
    }
}
