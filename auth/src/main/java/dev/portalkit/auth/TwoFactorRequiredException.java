package dev.portalkit.auth;

import dev.portalkit.core.AuthenticationException;

/**
 * {@link AuthService#login} was called for an account with two-factor sign-in. The password was
 * right, but no session was created and nothing was written: sign in with {@link AuthService#signIn}
 * and {@link AuthService#completeSignIn} instead.
 */
public class TwoFactorRequiredException extends AuthenticationException {

    private static final long serialVersionUID = 1L;

    public TwoFactorRequiredException() {
        super(AuthError.TWO_FACTOR_REQUIRED);
    }
}
