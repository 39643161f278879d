package dev.portalkit.auth;

import dev.portalkit.core.CallContext;
import java.util.Optional;

/** Password reset by a single-use token sent to the user's e-mail. */
public interface PasswordResetService {

    /**
     * For a live, active user, voids their earlier reset tokens and returns a new one (valid 30
     * minutes by default) for the host to send; only its SHA-256 is stored. For any other address
     * returns empty, so callers can answer the same way either way.
     */
    Optional<String> request(String email, CallContext context);

    /**
     * Sets a new password with a token, which works exactly once: clears the lockout and revokes
     * every session of the user.
     *
     * @throws InvalidTokenException when the token is unknown, used or expired
     */
    void reset(String token, String newPassword, CallContext context);
}
