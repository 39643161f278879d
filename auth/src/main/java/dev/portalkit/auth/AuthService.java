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
     * {@link UserService#register} would refuse, fails like a wrong one.
     *
     * @throws dev.portalkit.core.PortalException {@link AuthError#LOGIN_IN_TRANSACTION} ({@code PK-2007}) inside
     *         any transaction ({@code Portal.inTransaction}, {@code Portal.joining}, the host's own): a failed
     *         attempt's count toward lockout must commit although the login fails. Nothing is verified or written.
     */
    Login login(@Nullable String email, @Nullable String password, boolean rememberMe, CallContext context);

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
