package dev.portalkit.auth;

import dev.portalkit.core.CallContext;
import java.util.Optional;

/** Password reset by a single-use token sent to the user's e-mail. */
public interface PasswordResetService {

    /**
     * For a live, active user, voids their earlier reset tokens and returns a new one (valid 30
     * minutes by default) with the account's stored address: send the token to that address only.
     * Only the token's SHA-256 is stored. For an address without such a user returns empty, after the
     * same statements and an audit row of the same shape (without a user), so neither the answer nor
     * the work tells whether the address has an account.
     *
     * <p>Requests for one address (so one account) are serialized: however they interleave, only the
     * newest token works. At most {@link AuthOptions#resetRequestLimit()} requests per address are
     * allowed within {@link AuthOptions#resetRequestWindow()}, for addresses with and without an
     * account alike.
     *
     * @throws dev.portalkit.core.ValidationException when {@code email} is not an address
     *         {@link UserService#register} would accept (nothing is looked up)
     * @throws PasswordResetLimitException past the limit (retryable; nothing was written)
     */
    Optional<ResetRequest> request(String email, CallContext context);

    /**
     * Sets a new password with a token, which works exactly once: voids every other reset token of
     * the user, clears the lockout and revokes every session of the user.
     *
     * @throws InvalidTokenException when the token is unknown, used or expired
     */
    void reset(String token, String newPassword, CallContext context);
}
