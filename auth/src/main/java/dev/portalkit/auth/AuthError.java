package dev.portalkit.auth;

import dev.portalkit.core.ErrorCode;

/** Error codes of portalkit-auth (range 2000-2999). */
public enum AuthError implements ErrorCode {
    EMAIL_TAKEN(2000, "The e-mail address is already used by another account"),
    INVALID_CREDENTIALS(2001, "Invalid e-mail or password"),
    INVALID_TOKEN(2002, "The %s token is unknown, already used or expired"),
    SESSION_INVALID(2003, "The session is not valid: sign in again"),
    HASHING_INTERRUPTED(2004, "Interrupted while waiting to hash a password"),
    RESET_LIMITED(2005, "Too many password reset requests for this address: try again in %d seconds"),
    HASHING_BUSY(2006, "Every password hashing slot stayed busy for %d ms: try again");

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

    /** A reset limit or a full hashing queue passes with time: calling again later may succeed. */
    @Override
    public boolean retryable() {
        return this == RESET_LIMITED || this == HASHING_BUSY;
    }
}
