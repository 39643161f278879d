package dev.portalkit.auth;

import dev.portalkit.core.ErrorCode;

/** Error codes of portalkit-auth (range 2000-2999). */
public enum AuthError implements ErrorCode {
    EMAIL_TAKEN(2000, "The e-mail address is already used by another account"),
    INVALID_CREDENTIALS(2001, "Invalid e-mail or password"),
    INVALID_TOKEN(2002, "The %s token is unknown, already used or expired"),
    SESSION_INVALID(2003, "The session is not valid: sign in again"),
    HASHING_INTERRUPTED(2004, "Interrupted while waiting to hash a password");

    private final int number;
    private final String template;

    AuthError(int number, String template) {
        this.number = number;
        this.template = template;
    }

    @Override
    public int number() {
        return number;
    }

    @Override
    public String template() {
        return template;
    }
}
