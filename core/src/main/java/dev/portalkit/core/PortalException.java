package dev.portalkit.core;

import java.util.Objects;

/**
 * The one unchecked exception type PortalKit throws. Subclasses say what kind of failure it is;
 * {@link #code()} says exactly which one. No {@code SQLException}, MyBatis exception or SQL text
 * is ever exposed: the original cause is kept for logs only.
 */
public class PortalException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient ErrorCode code;

    public PortalException(ErrorCode code, Object... args) {
        this(code, null, args);
    }

    public PortalException(ErrorCode code, Throwable cause, Object... args) {
        super(format(code, args));
        this.code = code;
        // initCause rather than super(message, cause): a null cause may still be set later.
        if (cause != null) {
            initCause(cause);
        }
    }

    private static String format(ErrorCode code, Object... args) {
        Objects.requireNonNull(code, "null code");
        return "[" + code.id() + "] " + String.format(code.template(), args);
    }

    /** The error code: stable, documented, unique across modules. */
    public ErrorCode code() {
        return code;
    }

    /** Whether calling again may succeed: true for lost races, deadlocks and an unreachable database. */
    public boolean isRetryable() {
        return code.retryable();
    }
}
