package dev.portalkit.auth;

/**
 * What {@link AuthService#signIn} returns: a {@link Login} (a session) for an account without
 * two-factor sign-in, a {@link TwoFactorChallenge} (no session yet) for one with it.
 */
public sealed interface SignIn permits Login, TwoFactorChallenge {
}
