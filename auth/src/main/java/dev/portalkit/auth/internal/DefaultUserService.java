package dev.portalkit.auth.internal;

import static dev.portalkit.auth.internal.AuthContext.USER;

import dev.portalkit.auth.EmailChangeRequest;
import dev.portalkit.auth.InvalidTokenException;
import dev.portalkit.auth.NewUser;
import dev.portalkit.auth.ProfileUpdate;
import dev.portalkit.auth.Role;
import dev.portalkit.auth.User;
import dev.portalkit.auth.UserQuery;
import dev.portalkit.auth.UserService;
import dev.portalkit.auth.UserStatus;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.NotFoundException;
import dev.portalkit.core.Page;
import dev.portalkit.core.PageRequest;
import dev.portalkit.core.StaleVersionException;
import dev.portalkit.core.spi.Cursors;
import dev.portalkit.core.spi.Validation;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Not API: create through the Portal. */
public final class DefaultUserService implements UserService {

    private final AuthContext auth;
    private final EmailChanges emailChanges;

    DefaultUserService(AuthContext auth) {
        this.auth = auth;
        this.emailChanges = new EmailChanges(auth);
    }

    @Override
    public User register(NewUser user, CallContext context) {
        Validation v = new Validation();
        Inputs.email(v, "email", user.email());
        Inputs.displayName(v, "displayName", user.displayName());
        PasswordPolicy.check(v, "password", user.password(), user.email());
        v.throwIfInvalid();
        String email = user.email().strip();
        // Hash before the transaction: no pooled connection waits on bcrypt.
        String hash = auth.hashing.hash(user.password());
        return auth.tx.callRetrying(() -> {
            User created = auth.users().insert(email, user.displayName(), user.role() == null ? Role.MEMBER : user.role(),
                    hash, auth.now(), user.metadata());
            auth.audit("user.registered", USER, created.id(), null,
                    Map.of("email", created.email(), "displayName", created.displayName(), "role", created.role().name()),
                    null, context);
            return created;
        });
    }

    @Override
    public Optional<User> find(UUID id) {
        return Optional.ofNullable(auth.tx.read(() -> auth.users().find(id)));
    }

    @Override
    public Optional<User> findByEmail(String email) {
        String address = Inputs.lookupAddress(email); // register's rule: a look-alike matches nothing
        return address == null ? Optional.empty() : Optional.ofNullable(auth.tx.read(() -> auth.users().findByEmail(address)));
    }

    @Override
    public User updateProfile(UUID id, ProfileUpdate update, long expectedVersion, CallContext context) {
        Inputs.displayName(new Validation(), "displayName", update.displayName()).throwIfInvalid();
        return auth.tx.callRetrying(() -> {
            User before = require(id);
            User after = auth.users().updateProfile(id, update.displayName(), update.metadata(), expectedVersion);
            if (after == null) {
                throw new StaleVersionException("User", id, expectedVersion, before.version());
            }
            auth.audit("user.profile_updated", USER, id, Map.of("displayName", before.displayName()),
                    Map.of("displayName", after.displayName()), null, context);
            return after;
        });
    }

    @Override
    public User changeRole(UUID id, Role role, CallContext context) {
        return auth.tx.callRetrying(() -> {
            User before = require(id);
            User after = auth.users().setRole(id, role);
            // Sessions carry the role: end them so the new role applies at the next sign-in.
            int ended = auth.sessions().revokeAll(id, null, "ROLE_CHANGED", auth.now());
            auth.audit("user.role_changed", USER, id, Map.of("role", before.role().name()), Map.of("role", role.name()),
                    Map.of("sessionsRevoked", ended), context);
            return after;
        });
    }

    @Override
    public User disable(UUID id, CallContext context) {
        return setStatus(id, UserStatus.DISABLED, context);
    }

    @Override
    public User enable(UUID id, CallContext context) {
        return setStatus(id, UserStatus.ACTIVE, context);
    }

    /** Disabling also ends every session: a disabled user must not stay signed in anywhere. */
    private User setStatus(UUID id, UserStatus status, CallContext context) {
        boolean disabling = status == UserStatus.DISABLED;
        return auth.tx.callRetrying(() -> {
            User before = require(id);
            User after = auth.users().setStatus(id, status);
            int ended = disabling ? auth.sessions().revokeAll(id, null, "USER_DISABLED", auth.now()) : 0;
            auth.audit(disabling ? "user.disabled" : "user.enabled", USER, id, Map.of("status", before.status().name()), Map.of("status", status.name()),
                    Map.of("sessionsRevoked", ended), context);
            return after;
        });
    }

    @Override
    public void delete(UUID id, CallContext context) {
        auth.tx.runRetrying(() -> {
            Instant now = auth.now();
            User deleted = auth.users().softDelete(id, now);
            if (deleted == null) {
                throw new NotFoundException("User", id);
            }
            int ended = auth.sessions().revokeAll(id, null, "USER_DELETED", now);
            auth.audit("user.deleted", USER, id, null, null, Map.of("sessionsRevoked", ended), context);
        });
    }

    @Override
    public User restore(UUID id, CallContext context) {
        return auth.tx.callRetrying(() -> {
            User any = auth.users().findAnyForUpdate(id);
            if (any == null || !any.deleted()) {
                throw new NotFoundException("Deleted user", id);
            }
            User restored = auth.users().restore(id); // users_email_live_key: EmailTakenException if taken meanwhile
            if (restored == null) {
                throw new NotFoundException("Deleted user", id); // erased: an anonymous row stays deleted
            }
            auth.audit("user.restored", USER, id, null, null, null, context);
            return restored;
        });
    }

    @Override
    public Page<User> list(UserQuery query, PageRequest page) {
        Cursors.TimeKey after = Cursors.timeKey(page.cursor());
        String pattern = null;
        if (query.text() != null && !query.text().isBlank()) {
            new Validation().optionalText("text", query.text(), 254).throwIfInvalid();
            pattern = "%" + query.text().strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        }
        String p = pattern;
        List<User> rows = auth.tx.read(() -> auth.users().list(query, p, after.at(), after.id(), page.limit() + 1));
        return Cursors.page(rows, page.limit(), u -> Cursors.encode(u.createdAt(), u.id()));
    }

    @Override
    public String requestEmailVerification(UUID id, CallContext context) {
        String token = Tokens.newToken();
        auth.tx.runRetrying(() -> {
            User user = require(id);
            Instant now = auth.now();
            auth.verificationTokens().voidAll(id, now);
            auth.verificationTokens().insert(id, user.email(), Tokens.sha256(token),
                    now.plus(auth.options.verificationTokenTtl()));
            auth.audit("user.email_verification_requested", USER, id, null, null, null, context);
        });
        return token;
    }

    @Override
    public User verifyEmail(String token, CallContext context) {
        if (!Tokens.wellFormed(token)) {
            throw new InvalidTokenException("e-mail verification");
        }
        return auth.tx.callRetrying(() -> {
            Instant now = auth.now();
            TokenRow row = auth.verificationTokens().consume(Tokens.sha256(token), now);
            User verified = row == null ? null : auth.users().verifyEmail(row.userId(), row.email(), now);
            if (verified == null) {
                throw new InvalidTokenException("e-mail verification");
            }
            auth.audit("user.email_verified", USER, verified.id(), null, Map.of("email", verified.email()), null, context);
            return verified;
        });
    }

    @Override
    public EmailChangeRequest requestEmailChange(UUID id, String newEmail, CallContext context) {
        return emailChanges.request(id, newEmail, context);
    }

    @Override
    public User confirmEmailChange(String token, CallContext context) {
        return emailChanges.confirm(token, context);
    }

    private User require(UUID id) {
        User user = auth.users().find(id);
        if (user == null) {
            throw new NotFoundException("User", id);
        }
        return user;
    }
}
