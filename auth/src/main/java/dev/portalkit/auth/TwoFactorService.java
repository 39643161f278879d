package dev.portalkit.auth;

import dev.portalkit.core.CallContext;
import java.util.UUID;

/**
 * Two-factor sign-in with TOTP (RFC 6238: HMAC-SHA-1, 6 digits, 30-second steps, one step of clock
 * drift either way) and single-use recovery codes. The secret is stored encrypted (AES-256-GCM) under
 * the host's key ({@link AuthOptions.Builder#totpKey}); without a key, enrolment fails with
 * {@code PK-2011} and nothing is stored. Sign-in with a second factor is {@link AuthService#signIn}
 * then {@link AuthService#completeSignIn}.
 */
public interface TwoFactorService {

    /**
     * Starts (or restarts) an enrolment: a new random secret, returned once with its
     * {@code otpauth://} URI. Two-factor sign-in stays off until {@link #confirm}.
     *
     * @throws TwoFactorStateException ({@code PK-2010}) when two-factor sign-in is already on
     * @throws dev.portalkit.core.PortalException {@code PK-2011} when no TOTP key is configured
     * @throws dev.portalkit.core.NotFoundException when there is no such live user
     */
    TotpEnrolment begin(UUID userId, CallContext context);

    /**
     * Turns two-factor sign-in on with a first valid code of the started enrolment and returns 10
     * single-use recovery codes, once. The code cannot be used again.
     *
     * @throws InvalidTwoFactorCodeException when the code is wrong (nothing is written)
     * @throws TwoFactorStateException when no enrolment was started or it is already confirmed
     */
    RecoveryCodes confirm(UUID userId, String code, CallContext context);

    /** Whether the user signs in with a second factor (an enrolment confirmed). */
    boolean enabled(UUID userId);

    /**
     * Turns two-factor sign-in off, given a current TOTP code or an unused recovery code; removes the
     * secret and the recovery codes. A wrong code counts toward the lockout like a wrong password.
     *
     * @throws InvalidTwoFactorCodeException when the code is wrong, used, or the account is locked
     * @throws TwoFactorStateException when two-factor sign-in is not on
     * @throws dev.portalkit.core.PortalException {@code PK-2007} inside a transaction, as {@link AuthService#login}
     */
    void disable(UUID userId, String code, CallContext context);
}
