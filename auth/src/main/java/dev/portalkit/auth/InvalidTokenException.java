package dev.portalkit.auth;

import dev.portalkit.core.AuthenticationException;

/** A reset, verification or session token is unknown, used or expired. */
public class InvalidTokenException extends AuthenticationException {

    private static final long serialVersionUID = 1L;

    public InvalidTokenException(String kind) {
        super(AuthError.INVALID_TOKEN, kind);
    }

    /** The session token given for a session-bound call (e.g. a password change) is not live. */
    public static InvalidTokenException session() {
        return new InvalidTokenException("session");
    }
}
