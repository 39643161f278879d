package dev.portalkit.auth;

import dev.portalkit.core.ConflictException;

/** Another live account uses the e-mail address (compared case-insensitively). */
public class EmailTakenException extends ConflictException {

    private static final long serialVersionUID = 1L;

    public EmailTakenException() {
        super(AuthError.EMAIL_TAKEN);
    }
}
