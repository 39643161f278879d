package dev.portalkit.auth.internal;

import dev.portalkit.auth.InvalidTokenException;
import dev.portalkit.auth.PasswordResetService;
import dev.portalkit.auth.User;
import dev.portalkit.auth.UserStatus;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.spi.Validation;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Not API: create through the Portal. */
public final class DefaultPasswordResetService implements PasswordResetService {

    private final AuthContext auth;

    DefaultPasswordResetService(AuthContext auth) {
        this.auth = auth;
    }

    @Override
    public Optional<String> request(String email, CallContext context) {
        if (email == null || email.isBlank() || email.length() > 254 || !Validation.clean(email)) {
            return Optional.empty();
        }
        String token = Tokens.newToken();
        return auth.tx.callRetrying(() -> {
            User user = auth.users().findByEmail(email.strip());
            if (user == null || user.status() != UserStatus.ACTIVE) {
                return Optional.empty();
            }
            Instant now = auth.now();
            auth.tokens().voidResetTokens(user.id(), now);
            auth.tokens().insertReset(user.id(), Tokens.sha256(token), now.plus(auth.options.resetTokenTtl()),
                    context == null ? null : context.ip());
            auth.audit("password.reset_requested", user.id(), null, null, null, context);
            return Optional.of(token);
        });
    }

    @Override
    public void reset(String token, String newPassword, CallContext context) {
        if (!Tokens.wellFormed(token)) {
            throw new InvalidTokenException("password reset");
        }
        byte[] hash = Tokens.sha256(token);
        // Read (without using it up) whose token it is, for the "not the e-mail" rule; then hash
        // with no transaction open; then use the token up and set the password in one transaction.
        TokenRow owner = auth.tx.callRetrying(() -> auth.tokens().peekReset(hash, auth.now()));
        if (owner == null) {
            throw new InvalidTokenException("password reset");
        }
        Validation v = new Validation();
        PasswordPolicy.check(v, "newPassword", newPassword, owner.email());
        v.throwIfInvalid();
        String passwordHash = auth.hashing.hash(newPassword);
        auth.tx.runRetrying(() -> {
            Instant now = auth.now();
            TokenRow used = auth.tokens().consumeReset(hash, now);
            if (used == null || auth.users().setPassword(used.userId(), passwordHash, now) == null) {
                throw new InvalidTokenException("password reset");
            }
            int ended = auth.sessions().revokeAll(used.userId(), null, "PASSWORD_RESET", now);
            auth.audit("password.reset", used.userId(), null, null, Map.of("sessionsRevoked", ended), context);
        });
    }
}
