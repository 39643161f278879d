package dev.portalkit.auth;

import java.time.Instant;

/**
 * The password step of a two-step sign-in succeeded: pass {@link #token()} with the user's code to
 * {@link AuthService#completeSignIn} before {@link #expiresAt()}. The token works for one attempt;
 * PortalKit keeps only its SHA-256. It is no session and authenticates nothing.
 */
public record TwoFactorChallenge(String token, Instant expiresAt) implements SignIn {

    @Override
    public String toString() {
        return "TwoFactorChallenge[expiresAt=" + expiresAt + ", token=***]";
    }
}
