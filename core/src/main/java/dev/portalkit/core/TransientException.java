package dev.portalkit.core;

/**
 * The call failed for a reason that may pass: a lost serialization race, a deadlock, a dropped or
 * unavailable connection. Nothing was committed; {@link #isRetryable()} is true.
 */
public class TransientException extends PortalException {

    private static final long serialVersionUID = 1L;

    public TransientException(ErrorCode code, Throwable cause, Object... args) {
        super(code, cause, args);
    }
}
