package dev.portalkit.auth.internal;

import dev.portalkit.auth.AuthService;
import dev.portalkit.auth.Authenticated;
import dev.portalkit.auth.InvalidCredentialsException;
import dev.portalkit.auth.InvalidTokenException;
import dev.portalkit.auth.Login;
import dev.portalkit.auth.Session;
import dev.portalkit.auth.User;
import dev.portalkit.auth.UserStatus;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.spi.Validation;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Not API: create through the Portal.
 *
 * <p>Login runs in three steps so bcrypt never holds a connection: read the credentials (short
 * transaction), verify the password (no transaction, bounded by a semaphore), then record the
 * outcome (short transaction). Every path verifies exactly once and fails the same way.
 */
public final class DefaultAuthService implements AuthService {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultAuthService.class);

    private final AuthContext auth;

    DefaultAuthService(AuthContext auth) {
        this.auth = auth;
    }

    @Override
    public Login login(String email, String password, boolean rememberMe, CallContext context) {
        CallContext ctx = AuthContext.orSystem(context);
        boolean plausible = email != null && email.length() <= 254 && Validation.clean(email) && !email.isBlank()
                && password != null && password.length() <= 1024 && Validation.clean(password);
        CredentialRow cred = plausible ? auth.tx.callRetrying(() -> auth.users().credentials(email.strip())) : null;

        boolean matches;
        if (cred == null) {
            auth.hashing.verifyDummy(password);
            matches = false;
        } else {
            matches = auth.hashing.verify(password, cred.passwordHash());
        }
        Instant now = auth.now();
        boolean locked = cred != null && cred.lockedUntil() != null && cred.lockedUntil().isAfter(now);
        boolean allowed = matches && !locked && cred.status() == UserStatus.ACTIVE;
        if (!allowed) {
            fail(plausible ? email.strip() : null, cred, matches, locked, now, ctx);
            // Ids and reasons only: never the e-mail typed, never a password or token.
            LOG.info("Login failed: user={}, ip={}", cred == null ? "unknown" : cred.id(), ctx.ip());
            throw new InvalidCredentialsException();
        }
        // Rehash outside the transaction, as any hash: an older cost or a $2b$/$2y$ variant.
        String newHash = auth.hashing.needsRehash(cred.passwordHash()) ? auth.hashing.hash(password) : null;
        String token = Tokens.newToken();
        return auth.tx.callRetrying(() -> {
            auth.users().recordSuccess(cred.id(), now, ctx.ip(), cred.passwordHash(), newHash);
            SessionRow s = auth.sessions().insert(cred.id(), Tokens.sha256(token), rememberMe, now,
                    now.plus(rememberMe ? auth.options.rememberMeAbsoluteTimeout() : auth.options.absoluteTimeout()),
                    ctx.ip(), ctx.userAgent());
            int evicted = auth.sessions().evictBeyond(cred.id(), auth.options.maxSessionsPerUser(), now);
            Map<String, Object> meta = new HashMap<>();
            meta.put("sessionId", s.id().toString());
            meta.put("rememberMe", rememberMe);
            meta.put("sessionsEvicted", evicted);
            meta.put("rehashed", newHash != null);
            auth.audit("auth.login_succeeded", cred.id(), null, null, meta, withActor(ctx, cred.id()));
            LOG.debug("Login succeeded: user={}, session={}", cred.id(), s.id());
            return new Login(token, s.toSession(), auth.users().find(cred.id()));
        });
    }

    private void fail(String email, CredentialRow cred, boolean matches, boolean locked, Instant now, CallContext ctx) {
        auth.tx.runRetrying(() -> {
            Map<String, Object> meta = new HashMap<>();
            meta.put("email", email); // only a plausible one: never a string PostgreSQL cannot store
            if (cred == null) {
                meta.put("reason", "unknown_email");
                auth.audit("auth.login_failed", null, null, null, meta, ctx);
                return;
            }
            if (matches) {
                // Right password, but the account is locked or disabled: no strike against it.
                meta.put("reason", locked ? "locked" : "disabled");
                auth.audit("auth.login_failed", cred.id(), null, null, meta, ctx);
                return;
            }
            FailureRow f = auth.users().recordFailure(cred.id(), now, auth.options.lockoutThreshold(),
                    auth.options.lockoutBase().toSeconds(), auth.options.lockoutMax().toSeconds());
            meta.put("reason", locked ? "locked" : "wrong_password");
            meta.put("failedLogins", f.failedLogins());
            auth.audit("auth.login_failed", cred.id(), null, null, meta, ctx);
            if (f.lockedUntil() != null && f.failedLogins() % auth.options.lockoutThreshold() == 0) {
                LOG.warn("Account {} locked until {} after {} failed logins", cred.id(), f.lockedUntil(), f.failedLogins());
                auth.audit("auth.locked", cred.id(), null, Map.of("lockedUntil", f.lockedUntil().toString()),
                        Map.of("failedLogins", f.failedLogins()), ctx);
            }
        });
    }

    @Override
    public Optional<Authenticated> authenticate(String token) {
        if (!Tokens.wellFormed(token)) {
            return Optional.empty();
        }
        byte[] hash = Tokens.sha256(token);
        // One statement in autocommit: one round trip unless a last_seen_at write is due.
        return auth.tx.read(() -> {
            SessionUserRow row = auth.sessions().findWithUser(hash);
            Instant now = auth.now();
            if (row == null || !live(row.session(), now) || row.status() != UserStatus.ACTIVE) {
                return Optional.empty();
            }
            SessionRow s = row.session();
            Duration resolution = auth.options.lastSeenResolution();
            if (s.lastSeenAt().plus(resolution).isBefore(now)
                    && auth.sessions().touch(s.id(), now, now.minus(resolution)) == 1) {
                s = new SessionRow(s.id(), s.userId(), s.rememberMe(), s.createdAt(), now, s.expiresAt(), s.ip(),
                        s.userAgent());
            }
            return Optional.of(new Authenticated(row.user(), s.toSession()));
        });
    }

    private boolean live(SessionRow s, Instant now) {
        Duration idle = s.rememberMe() ? auth.options.rememberMeIdleTimeout() : auth.options.idleTimeout();
        return s.expiresAt().isAfter(now) && s.lastSeenAt().plus(idle).isAfter(now);
    }

    @Override
    public boolean logout(String token, CallContext context) {
        if (!Tokens.wellFormed(token)) {
            return false;
        }
        return auth.tx.callRetrying(() -> {
            SessionRow s = auth.sessions().findByToken(Tokens.sha256(token));
            if (s == null || auth.sessions().revoke(s.id(), "LOGOUT", auth.now()) == 0) {
                return false;
            }
            auth.audit("session.revoked", s.userId(), null, null,
                    Map.of("sessionId", s.id().toString(), "reason", "LOGOUT"), withActor(context, s.userId()));
            return true;
        });
    }

    @Override
    public int logoutOthers(String token, CallContext context) {
        return auth.tx.callRetrying(() -> {
            Authenticated who = authenticate(token).orElseThrow(InvalidTokenException::session);
            int n = auth.sessions().revokeAll(who.user().id(), who.session().id(), "LOGOUT_OTHERS", auth.now());
            auth.audit("session.revoked", who.user().id(), null, null,
                    Map.of("reason", "LOGOUT_OTHERS", "sessionsRevoked", n), withActor(context, who.user().id()));
            return n;
        });
    }

    @Override
    public int logoutEverywhere(UUID userId, CallContext context) {
        Objects.requireNonNull(userId, "null userId");
        return auth.tx.callRetrying(() -> {
            int n = auth.sessions().revokeAll(userId, null, "LOGOUT_EVERYWHERE", auth.now());
            auth.audit("session.revoked", userId, null, null,
                    Map.of("reason", "LOGOUT_EVERYWHERE", "sessionsRevoked", n), context);
            return n;
        });
    }

    @Override
    public List<Session> sessions(UUID userId) {
        Objects.requireNonNull(userId, "null userId");
        return auth.tx.callRetrying(() -> {
            Instant now = auth.now();
            return auth.sessions().live(userId, now).stream().filter(s -> live(s, now)).map(SessionRow::toSession).toList();
        });
    }

    @Override
    public Login changePassword(String token, String currentPassword, String newPassword, CallContext context) {
        Authenticated who = authenticate(token).orElseThrow(InvalidTokenException::session);
        UUID userId = who.user().id();
        Validation v = new Validation();
        PasswordPolicy.check(v, "newPassword", newPassword, who.user().email());
        v.throwIfInvalid();
        CredentialRow cred = auth.tx.callRetrying(() -> auth.users().credentialsById(userId));
        if (cred == null || !auth.hashing.verify(currentPassword, cred.passwordHash())) {
            if (cred != null) {
                auth.tx.runRetrying(() -> {
                    FailureRow f = auth.users().recordFailure(userId, auth.now(), auth.options.lockoutThreshold(),
                            auth.options.lockoutBase().toSeconds(), auth.options.lockoutMax().toSeconds());
                    auth.audit("auth.password_change_failed", userId, null, null,
                            Map.of("failedLogins", f.failedLogins()), withActor(context, userId));
                });
            }
            throw new InvalidCredentialsException();
        }
        String hash = auth.hashing.hash(newPassword);
        String newToken = Tokens.newToken();
        return auth.tx.callRetrying(() -> {
            Instant now = auth.now();
            User user = auth.users().setPassword(userId, hash, now);
            int ended = auth.sessions().revokeAll(userId, who.session().id(), "PASSWORD_CHANGED", now);
            if (auth.sessions().rotate(who.session().id(), Tokens.sha256(newToken), now) == 0) {
                throw InvalidTokenException.session(); // revoked meanwhile: roll the change back
            }
            auth.audit("auth.password_changed", userId, null, null, Map.of("sessionsRevoked", ended),
                    withActor(context, userId));
            Session s = who.session();
            return new Login(newToken, new Session(s.id(), s.userId(), s.rememberMe(), s.createdAt(), now,
                    s.expiresAt(), s.ip(), s.userAgent()), user);
        });
    }

    /** Events a signed-in user causes name them as the actor when the host did not. */
    private static CallContext withActor(CallContext context, UUID userId) {
        CallContext c = AuthContext.orSystem(context);
        return c.actorId() != null ? c : new CallContext(userId, c.ip(), c.userAgent(), c.requestId());
    }
}
