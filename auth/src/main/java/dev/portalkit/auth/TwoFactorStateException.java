package dev.portalkit.auth;

import dev.portalkit.core.ConflictException;

/** Two-factor sign-in is not in the state the call needs (already enabled, not enabled, nothing to confirm). */
public class TwoFactorStateException extends ConflictException {

    private static final long serialVersionUID = 1L;

    public TwoFactorStateException(String state) {
        super(AuthError.TWO_FACTOR_STATE, state);
    }
}
