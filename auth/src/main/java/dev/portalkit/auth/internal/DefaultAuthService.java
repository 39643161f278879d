package dev.portalkit.auth.internal;

import static dev.portalkit.auth.internal.AuthContext.USER;

import dev.portalkit.auth.AuthError;
import dev.portalkit.auth.AuthService;
import dev.portalkit.auth.Authenticated;
import dev.portalkit.auth.InvalidCredentialsException;
import dev.portalkit.auth.InvalidTokenException;
import dev.portalkit.auth.Login;
import dev.portalkit.auth.Session;
import dev.portalkit.auth.SignIn;
import dev.portalkit.auth.TwoFactorRequiredException;
import dev.portalkit.auth.User;
import dev.portalkit.auth.UserStatus;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.NotFoundException;
import dev.portalkit.core.TransientException;
import dev.portalkit.core.spi.Validation;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Not API: create through the Portal.
 *
 * <p>Login runs in three steps so bcrypt never holds a connection: read the credentials (short
 * transaction), verify the password (no transaction, bounded by a semaphore), then record the
 * outcome (short transaction). Every path verifies exactly once and fails the same way. The outcome
 * is decided in that last step by one conditional UPDATE (see {@link Lockout}): what was read in
 * the first is never trusted, since a lock may have started while the password was being verified.
 */
public final class DefaultAuthService implements AuthService {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultAuthService.class);
    /** The login counter and its tag: names are API (README, "Metrics"). */
    static final String LOGINS = "portalkit.auth.logins";
    private static final String OUTCOME = "outcome";

    private final AuthContext auth;
    private final Lockout lockout;
    private final TwoStepSignIn twoStep;

    DefaultAuthService(AuthContext auth) {
        this.auth = auth;
        this.lockout = new Lockout(auth);
        this.twoStep = new TwoStepSignIn(auth, lockout);
    }

    @Override
    public Login login(String email, String password, boolean rememberMe, CallContext context) {
        auth.refuseInTransaction("AuthService.login");
        // Without a challenge: an account with a second factor gets TwoFactorRequiredException, no session.
        return (Login) metered(() -> signIn(email, password, rememberMe, false, context));
    }

    @Override
    public SignIn signIn(String email, String password, boolean rememberMe, CallContext context) {
        auth.refuseInTransaction("AuthService.signIn");
        return metered(() -> signIn(email, password, rememberMe, true, context));
    }

    @Override
    public Login completeSignIn(String challenge, String code, CallContext context) {
        auth.refuseInTransaction("AuthService.completeSignIn");
        return twoStep.complete(challenge, code, context);
    }

    private SignIn metered(Supplier<SignIn> call) {
        try {
            SignIn in = call.get();
            auth.meters.count(LOGINS, OUTCOME, "success");
            return in;
        } catch (InvalidCredentialsException e) {
            auth.meters.count(LOGINS, OUTCOME, "failed");
            throw e;
        } catch (TransientException e) {
            if (e.code() == AuthError.HASHING_BUSY) {
                auth.meters.count(LOGINS, OUTCOME, "busy");
            }
            throw e;
        }
    }

    private SignIn signIn(String email, String password, boolean rememberMe, boolean challenge, CallContext context) {
        CallContext ctx = AuthContext.orSystem(context);
        // register's rule on the look-up: an address it would refuse matches no account.
        String address = Inputs.lookupAddress(email);
        boolean plausible = address != null && password != null && password.length() <= 1024 && Validation.clean(password);
        CredentialRow cred = plausible ? auth.tx.callRetrying(() -> auth.users().credentials(address)) : null;

        boolean matches;
        if (cred == null) {
            auth.hashing.verifyDummy(password);
            matches = false;
        } else {
            matches = auth.hashing.verify(password, cred.passwordHash());
        }
        UUID userId = cred == null ? null : cred.id();
        // The lock state read with the credentials is stale by now (the verification may have queued):
        // the outcome is decided by one conditional write either way.
        Instant now = auth.now();
        SignIn login = null;
        if (matches) {
            String token = Tokens.newToken();
            login = auth.tx.callRetrying(() -> succeed(cred, token, rememberMe, challenge, now, ctx));
        } else {
            auth.tx.runRetrying(() -> lockout.strike(userId, now, "auth.login_failed", ctx));
        }
        if (login == null) {
            // Ids and reasons only: never the e-mail typed, never a password or token.
            LOG.info("Login failed: user={}, ip={}", userId == null ? "unknown" : userId, ctx.ip());
            throw new InvalidCredentialsException();
        }
        if (auth.hashing.needsRehash(cred.passwordHash())) {
            rehash(cred, password);
        }
        return login;
    }

    /**
     * Replaces a hash at an older cost or of a $2b$/$2y$ variant, after the login committed: a refused
     * login must not pay for (and so reveal a right password by) a second hash. Written only if the
     * hash is still the one verified; a full hashing queue postpones it to a later login.
     */
    private void rehash(CredentialRow cred, String password) {
        try {
            String newHash = auth.hashing.hash(password);
            auth.tx.runRetrying(() -> auth.users().rehash(cred.id(), cred.passwordHash(), newHash));
        } catch (TransientException busy) {
            LOG.debug("Rehash of user {} postponed: {}", cred.id(), busy.code().id());
        }
    }

    /**
     * The right password: signs in if the one conditional write says so, else reads why not and audits
     * the refusal; null then. An account with a confirmed second factor is refused by that write too
     * (reason {@code two_factor}) and gets a challenge instead of a session: the same statements up to
     * there as any refusal, so a right password during a lock does not show in the work done.
     */
    private SignIn succeed(CredentialRow cred, String token, boolean rememberMe, boolean challenge, Instant now,
                           CallContext ctx) {
        if (auth.users().recordSuccess(cred.id(), now, ctx.ip(), cred.passwordHash(), cred.passwordChangedAt()) == 0) {
            String why = auth.users().refusal(cred.id(), now);
            if (!"two_factor".equals(why)) {
                lockout.refused(cred.id(), why, "auth.login_failed", ctx); // e.g. right password during a lock: no strike
                return null;
            }
            // The password step: the same conditions, held to the commit, nothing written to the account.
            if (auth.users().passwordStepOk(cred.id(), now, cred.passwordHash(), cred.passwordChangedAt()) == null) {
                lockout.refuse(cred.id(), now, "auth.login_failed", ctx);
                return null;
            }
            if (!challenge) {
                throw new TwoFactorRequiredException(); // rolls back: nothing written, no session
            }
            return twoStep.challenge(cred.id(), token, rememberMe, now, withActor(ctx, cred.id()));
        }
        Map<String, Object> meta = new HashMap<>();
        meta.put("rehashed", auth.hashing.needsRehash(cred.passwordHash())); // replaced right after the commit
        return twoStep.open(cred.id(), token, rememberMe, now, meta, withActor(ctx, cred.id()));
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
            auth.audit("session.revoked", USER, s.userId(), null, null,
                    Map.of("sessionId", s.id().toString(), "reason", "LOGOUT"), withActor(context, s.userId()));
            return true;
        });
    }

    @Override
    public int logoutOthers(String token, CallContext context) {
        return auth.tx.callRetrying(() -> {
            Authenticated who = authenticate(token).orElseThrow(InvalidTokenException::session);
            int n = auth.sessions().revokeAll(who.user().id(), who.session().id(), "LOGOUT_OTHERS", auth.now());
            auth.audit("session.revoked", USER, who.user().id(), null, null,
                    Map.of("reason", "LOGOUT_OTHERS", "sessionsRevoked", n), withActor(context, who.user().id()));
            return n;
        });
    }

    @Override
    public int logoutEverywhere(UUID userId, CallContext context) {
        return auth.tx.callRetrying(() -> {
            int n = auth.sessions().revokeAll(userId, null, "LOGOUT_EVERYWHERE", auth.now());
            auth.audit("session.revoked", USER, userId, null, null,
                    Map.of("reason", "LOGOUT_EVERYWHERE", "sessionsRevoked", n), context);
            return n;
        });
    }

    @Override
    public List<Session> sessions(UUID userId) {
        return auth.tx.callRetrying(() -> {
            Instant now = auth.now();
            return auth.sessions().live(userId, now).stream().filter(s -> live(s, now)).map(SessionRow::toSession).toList();
        });
    }

    @Override
    public void revokeSession(UUID userId, UUID sessionId, CallContext context) {
        new Validation().notNull("userId", userId).notNull("sessionId", sessionId).throwIfInvalid();
        auth.tx.runRetrying(() -> {
            // Only the user's own live session: another user's id is not found, and nothing changes.
            if (auth.sessions().revokeOwn(userId, sessionId, auth.now()) == 0) {
                throw new NotFoundException("Session", sessionId);
            }
            auth.audit("session.revoked", USER, userId, null, null,
                    Map.of("sessionId", sessionId.toString(), "reason", "REVOKED_BY_USER"), withActor(context, userId));
        });
    }

    @Override
    public Login changePassword(String token, String currentPassword, String newPassword, CallContext context) {
        auth.refuseInTransaction("AuthService.changePassword");
        Authenticated who = authenticate(token).orElseThrow(InvalidTokenException::session);
        UUID userId = who.user().id();
        CallContext actor = withActor(context, userId);
        Validation v = new Validation();
        PasswordPolicy.check(v, "newPassword", newPassword, who.user().email());
        v.throwIfInvalid();
        CredentialRow cred = auth.tx.callRetrying(() -> auth.users().credentialsById(userId));
        Instant before = auth.now();
        if (cred == null || cred.lockedAt(before)) {
            // Refused without verifying: a session must not be a way around the lock.
            auth.tx.runRetrying(() -> lockout.refuse(userId, before, "auth.password_change_failed", actor));
            throw new InvalidCredentialsException();
        }
        if (!auth.hashing.verify(currentPassword, cred.passwordHash())) {
            Instant now = auth.now();
            auth.tx.runRetrying(() -> lockout.strike(userId, now, "auth.password_change_failed", actor));
            throw new InvalidCredentialsException();
        }
        String hash = auth.hashing.hash(newPassword);
        String newToken = Tokens.newToken();
        Login changed = auth.tx.callRetrying(() -> {
            Instant now = auth.now();
            // Conditional like a login's success: a lock that started, or another change that won,
            // while the current password was being verified refuses this one.
            User user = auth.users().setPassword(userId, hash, now, cred.passwordHash());
            if (user == null) {
                lockout.refuse(userId, now, "auth.password_change_failed", actor);
                return null;
            }
            int voided = auth.resetTokens().voidAll(userId, now);
            auth.challenges().voidAll(userId, now); // a password step taken with the old password ends too
            int ended = auth.sessions().revokeAll(userId, who.session().id(), "PASSWORD_CHANGED", now);
            if (auth.sessions().rotate(who.session().id(), Tokens.sha256(newToken), now) == 0) {
                throw InvalidTokenException.session(); // revoked meanwhile: roll the change back
            }
            auth.audit("auth.password_changed", USER, userId, null, null,
                    Map.of("sessionsRevoked", ended, "resetTokensVoided", voided), actor);
            Session s = who.session();
            return new Login(newToken, new Session(s.id(), s.userId(), s.rememberMe(), s.createdAt(), now,
                    s.expiresAt(), s.ip(), s.userAgent()), user);
        });
        if (changed == null) {
            throw new InvalidCredentialsException();
        }
        return changed;
    }

    /** Events a signed-in user causes name them as the actor when the host did not. */
    static CallContext withActor(CallContext context, UUID userId) {
        CallContext c = AuthContext.orSystem(context);
        return c.actorId() != null ? c : new CallContext(userId, c.ip(), c.userAgent(), c.requestId());
    }
}
