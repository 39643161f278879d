package dev.portalkit.core;

/**
 * The call is valid but clashes with the current state: a unique value taken, an overlap, a stale
 * version, an illegal state transition. Subclasses name the specific kind.
 */
public class ConflictException extends PortalException {

    private static final long serialVersionUID = 1L;

    public ConflictException(ErrorCode code, Object... args) {
        super(code, args);
    }

    public ConflictException(ErrorCode code, Throwable cause, Object... args) {
        super(code, cause, args);
    }
}
