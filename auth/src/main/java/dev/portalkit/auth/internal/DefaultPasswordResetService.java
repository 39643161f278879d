package dev.portalkit.auth.internal;

import static dev.portalkit.auth.internal.AuthContext.USER;

import dev.portalkit.auth.InvalidTokenException;
import dev.portalkit.auth.PasswordResetLimitException;
import dev.portalkit.auth.PasswordResetService;
import dev.portalkit.auth.ResetRequest;
import dev.portalkit.auth.User;
import dev.portalkit.auth.UserStatus;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.spi.Validation;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Not API: create through the Portal. */
public final class DefaultPasswordResetService implements PasswordResetService {

    private final AuthContext auth;

    DefaultPasswordResetService(AuthContext auth) {
        this.auth = auth;
    }

    /**
     * One transaction, the same statements whether the address has an account or not: lock the
     * address, count its requests in the window, purge old ones, record this one, find the user, void
     * their tokens and insert the new one (both for no user when there is none), audit. The address
     * lock makes requests for one address run one at a time, so the count is exact and only the
     * newest token stays live however they interleave.
     */
    @Override
    public Optional<ResetRequest> request(String email, CallContext context) {
        // register's rule, with its message: a look-alike address is refused before any look-up.
        Inputs.email(new Validation(), "email", email).throwIfInvalid();
        String address = email.strip();
        // ASCII only (register's rule), so Java's lower case is PostgreSQL's lower(): one key per account.
        byte[] addressHash = Tokens.sha256(address.toLowerCase(Locale.ROOT));
        String token = Tokens.newToken();
        byte[] tokenHash = Tokens.sha256(token);
        Duration window = auth.options.resetRequestWindow();
        return auth.tx.callRetrying(() -> {
            Instant now = auth.now();
            auth.resetRequests().lockAddress(ByteBuffer.wrap(addressHash).getInt());
            PasswordResetRequestMapper.RequestCount recent = auth.resetRequests().count(addressHash, now.minus(window));
            if (recent.requests() >= auth.options.resetRequestLimit()) {
                throw new PasswordResetLimitException(Duration.between(now, recent.oldest().plus(window)));
            }
            auth.resetRequests().purge(now.minus(window));
            auth.resetRequests().insert(addressHash, now);
            User user = auth.users().findByEmail(address);
            UUID userId = user != null && user.status() == UserStatus.ACTIVE ? user.id() : null;
            auth.resetTokens().voidAll(userId, now);
            auth.resetTokens().insert(userId, tokenHash, now.plus(auth.options.resetTokenTtl()),
                    context == null ? null : context.ip());
            auth.audit("password.reset_requested", USER, userId, null, null, null, context);
            return userId == null ? Optional.<ResetRequest>empty() : Optional.of(new ResetRequest(token, user.email()));
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
        TokenRow owner = auth.tx.callRetrying(() -> auth.resetTokens().peek(hash, auth.now()));
        if (owner == null) {
            throw new InvalidTokenException("password reset");
        }
        Validation v = new Validation();
        PasswordPolicy.check(v, "newPassword", newPassword, owner.email());
        v.throwIfInvalid();
        String passwordHash = auth.hashing.hash(newPassword);
        auth.tx.runRetrying(() -> {
            Instant now = auth.now();
            // The user's row first: a user's token changes run one at a time, in one lock order.
            UUID userId = auth.users().lockLive(owner.userId());
            TokenRow used = userId == null ? null : auth.resetTokens().consume(hash, userId, now);
            if (used == null || auth.users().setPassword(userId, passwordHash, now, null) == null) {
                throw new InvalidTokenException("password reset");
            }
            int voided = auth.resetTokens().voidAll(userId, now);
            auth.challenges().voidAll(userId, now); // a password step taken with the old password ends too
            int ended = auth.sessions().revokeAll(userId, null, "PASSWORD_RESET", now);
            auth.audit("password.reset", USER, userId, null, null,
                    Map.of("sessionsRevoked", ended, "resetTokensVoided", voided), context);
        });
    }
}
