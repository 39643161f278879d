package dev.portalkit.auth;

import dev.portalkit.core.AuthenticationException;

/**
 * A TOTP or recovery code was wrong, already used, or given while the account was locked, disabled
 * or deleted: deliberately the same answer for each.
 */
public class InvalidTwoFactorCodeException extends AuthenticationException {

    private static final long serialVersionUID = 1L;

    public InvalidTwoFactorCodeException() {
        super(AuthError.INVALID_TWO_FACTOR_CODE);
    }
}
