package dev.portalkit.auth;

import dev.portalkit.core.Nullable;
import dev.portalkit.core.CallContext;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Sign-in and sessions. Unknown e-mail, wrong password, locked, disabled and deleted accounts all
 * fail with the same {@link InvalidCredentialsException} after exactly one password verification
 * and the same statements, so neither the answer nor the work tells whether an account exists. The
 * outcome is decided by one conditional write after the verification: however many logins race, none
 * succeeds while a lock stands and at most {@link AuthOptions#lockoutThreshold()} wrong passwords are
 * counted before it. Calls wait at most {@link AuthOptions#hashingWait()} for a hashing slot, then fail
 * with a retryable {@link dev.portalkit.core.TransientException} ({@code PK-2006}).
 */
public interface AuthService {

    /**
     * Signs in and issues a new session token; a {@code null} e-mail or password, or an address
     * {@link UserService#register} would refuse, fails like a wrong one. For an account with
     * two-factor sign-in the right password gets no session: {@link TwoFactorRequiredException}
     * ({@code PK-2008}), nothing written; use {@link #signIn} and {@link #completeSignIn}.
     *
     * @throws dev.portalkit.core.PortalException {@link AuthError#LOGIN_IN_TRANSACTION} ({@code PK-2007}) inside
     *         any transaction ({@code Portal.inTransaction}, {@code Portal.joining}, the host's own): a failed
     *         attempt's count toward lockout must commit although the login fails. Nothing is verified or written.
     */
    Login login(@Nullable String email, @Nullable String password, boolean rememberMe, CallContext context);

    /**
     * Signs in, for accounts with and without two-factor sign-in: the password step. Fails exactly as
     * {@link #login} does. For an account without a second factor, returns a {@link Login} (a session);
     * for one with it, a {@link TwoFactorChallenge} (no session), valid
     * {@link AuthOptions#loginChallengeTtl()} and for one {@link #completeSignIn} attempt. The
     * password step of such an account does not reset its failure count: only a right code does.
     *
     * @throws dev.portalkit.core.PortalException {@code PK-2007} inside any transaction, as {@link #login}
     */
    SignIn signIn(@Nullable String email, @Nullable String password, boolean rememberMe, CallContext context);

    /**
     * The second step: a challenge from {@link #signIn} and a TOTP code (or an unused recovery code)
     * make a session. The challenge is used up by this attempt, right or wrong. A TOTP code is
     * accepted once (for a time step later than the last one accepted for the user), a recovery code
     * once. A wrong code counts toward the lockout like a wrong password; during a lock even a right
     * code is refused.
     *
     * @throws InvalidTokenException when the challenge is unknown, used or expired
     * @throws InvalidTwoFactorCodeException when the code is wrong or used, or the account is locked,
     *         disabled or deleted (the challenge is used up)
     * @throws dev.portalkit.core.PortalException {@code PK-2007} inside any transaction, as {@link #login}
     */
    Login completeSignIn(@Nullable String challenge, @Nullable String code, CallContext context);

    /** The user and session of a live token; empty when the token is {@code null}, unknown, revoked or expired. */
    Optional<Authenticated> authenticate(@Nullable String token);

    /** Ends the token's session. Returns whether there was a live one. */
    boolean logout(String token, CallContext context);

    /** Ends every other session of the token's user. Returns how many ended. */
    int logoutOthers(String token, CallContext context);

    /** Ends every session of the user. Returns how many ended. */
    int logoutEverywhere(UUID userId, CallContext context);

    /** The user's live sessions, most recently used first. */
    List<Session> sessions(UUID userId);

    /**
     * Ends one of the user's own live sessions by its {@link Session#id()}.
     *
     * @throws dev.portalkit.core.NotFoundException (entity {@code Session}) when the user has no live
     *         session of that id, another user's included: nothing changes
     */
    void revokeSession(UUID userId, UUID sessionId, CallContext context);

    /**
     * Changes the password of the token's user, given the current one (a wrong one counts toward
     * lockout like a failed login and changes nothing). Refused, without verifying the password, while
     * the account is locked. Voids every outstanding reset token of the user, ends the user's other
     * sessions and rotates this one.
     *
     * @return the session's new token; the old one stops working
     * @throws dev.portalkit.core.PortalException {@link AuthError#LOGIN_IN_TRANSACTION} ({@code PK-2007}) inside
     *         any transaction, as {@link #login}
     */
    Login changePassword(String token, String currentPassword, String newPassword, CallContext context);
}
