package dev.portalkit.auth.internal;

import static dev.portalkit.auth.internal.AuthContext.USER;

import dev.portalkit.auth.EmailChangeRequest;
import dev.portalkit.auth.EmailTakenException;
import dev.portalkit.auth.InvalidTokenException;
import dev.portalkit.auth.User;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.NotFoundException;
import dev.portalkit.core.spi.Validation;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * E-mail change by a single-use token sent to the new address ({@link dev.portalkit.auth.UserService}'s
 * {@code requestEmailChange} and {@code confirmEmailChange}). The address changes only at confirmation,
 * by one UPDATE under {@code users_email_live_key}: of two confirmations racing for one address, the
 * index lets exactly one commit. Not API.
 */
final class EmailChanges {

    private static final String KIND = "e-mail change";

    private final AuthContext auth;

    EmailChanges(AuthContext auth) {
        this.auth = auth;
    }

    EmailChangeRequest request(UUID id, String newEmail, CallContext context) {
        Validation v = new Validation().notNull("id", id);
        Inputs.email(v, "newEmail", newEmail).throwIfInvalid();
        String address = newEmail.strip();
        String token = Tokens.newToken();
        return auth.tx.callRetrying(() -> {
            User user = auth.users().find(id);
            if (user == null) {
                throw new NotFoundException("User", id);
            }
            if (user.email().toLowerCase(Locale.ROOT).equals(address.toLowerCase(Locale.ROOT))) {
                new Validation().fail("newEmail", "is the account's address already").throwIfInvalid();
            }
            User holder = auth.users().findByEmail(address);
            if (holder != null) {
                throw new EmailTakenException();
            }
            Instant now = auth.now();
            int voided = auth.emailChanges().voidAll(id, now);
            auth.emailChanges().insert(id, address, Tokens.sha256(token), now.plus(auth.options.emailChangeTokenTtl()));
            // No address in the audit row: the request may never be confirmed, and the trail keeps it.
            auth.audit("user.email_change_requested", USER, id, null, null, Map.of("earlierRequestsVoided", voided),
                    context);
            return new EmailChangeRequest(token, address, user.email());
        });
    }

    User confirm(String token, CallContext context) {
        if (!Tokens.wellFormed(token)) {
            throw new InvalidTokenException(KIND);
        }
        byte[] hash = Tokens.sha256(token);
        return auth.tx.callRetrying(() -> {
            Instant now = auth.now();
            TokenRow row = auth.emailChanges().consume(hash, now);
            User before = row == null ? null : auth.users().find(row.userId());
            if (before == null) {
                throw new InvalidTokenException(KIND);
            }
            // users_email_live_key: EmailTakenException if a live account took it meanwhile; the
            // transaction, and with it the token's use, rolls back.
            User after = auth.users().changeEmail(before.id(), row.email(), now);
            // Reset tokens went to the old address: they stop working with it.
            int voided = auth.resetTokens().voidAll(before.id(), now);
            auth.verificationTokens().voidAll(before.id(), now);
            auth.audit("user.email_changed", USER, before.id(), Map.of("email", before.email()),
                    Map.of("email", after.email()), Map.of("resetTokensVoided", voided), context);
            return after;
        });
    }
}
