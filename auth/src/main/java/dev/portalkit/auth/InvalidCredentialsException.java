package dev.portalkit.auth;

import dev.portalkit.core.AuthenticationException;

/**
 * Sign-in failed. Deliberately the same for an unknown e-mail, a wrong password and a locked,
 * disabled or deleted account.
 */
public class InvalidCredentialsException extends AuthenticationException {

    private static final long serialVersionUID = 1L;

    public InvalidCredentialsException() {
        super(AuthError.INVALID_CREDENTIALS);
    }
}
