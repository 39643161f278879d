package dev.portalkit.core;

/**
 * The call failed for a reason that may pass: a lost serialization race, a deadlock, a dropped or
 * unavailable connection, a call with the same idempotency key still running. {@link #isRetryable()}
 * is true: the same call may succeed later. Nothing it did was committed, unless its code says what
 * was and why (PK-3013: the payment is kept UNKNOWN so that the retry with the same key settles it).
 */
public class TransientException extends PortalException {

    private static final long serialVersionUID = 1L;

    public TransientException(ErrorCode code, Throwable cause, Object... args) {
        super(code, cause, args);
    }
}
