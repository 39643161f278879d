package dev.portalkit.auth.internal;

import static dev.portalkit.auth.internal.AuthContext.USER;

import dev.portalkit.auth.AuthOptions;
import dev.portalkit.core.CallContext;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lockout rules for login and password change, each decided by one conditional statement in
 * the caller's transaction, never from a state read before the password was verified. Audit rows
 * keep the user's id and a reason, never anything typed.
 *
 * <p>Every failure, whatever its kind (no account, a wrong password counted or not, the right one
 * refused), runs the same statements: the deciding UPDATE (with a null id when there is no
 * account), the read of the account's state for the reason, the audit row. So the work done does
 * not tell an unknown address from a wrong password, nor a right password refused during a lock from
 * a wrong one. Not API.
 */
final class Lockout {

    private static final Logger LOG = LoggerFactory.getLogger(Lockout.class);

    private final AuthContext auth;

    Lockout(AuthContext auth) {
        this.auth = auth;
    }

    /**
     * A wrong password: counted (and locking every threshold-th time) unless a lock stands, then it
     * is judged {@code locked} and not counted. A null user (no account) runs the same statements.
     */
    void strike(UUID userId, Instant now, String action, CallContext ctx) {
        strike(userId, now, action, "wrong_password", ctx);
    }

    /** {@link #strike(UUID, Instant, String, CallContext)} for a wrong secret of another kind ({@code reason}). */
    void strike(UUID userId, Instant now, String action, String reason, CallContext ctx) {
        AuthOptions o = auth.options;
        FailureRow f = auth.users().recordFailure(userId, now, now.minus(o.failureResetAfter()), o.lockoutThreshold(),
                o.lockoutBase().toSeconds(), o.lockoutMax().toSeconds());
        String why = auth.users().refusal(userId, now); // read for a counted strike too: the same statements
        if (f == null) {
            audit(userId, why, action, ctx);
            return;
        }
        Map<String, Object> meta = new HashMap<>();
        meta.put("reason", reason);
        meta.put("failedLogins", f.failedLogins());
        auth.audit(action, USER, userId, null, null, meta, ctx);
        if (f.failedLogins() % o.lockoutThreshold() == 0) {
            LOG.warn("Account {} locked until {} after {} failed logins", userId, f.lockedUntil(), f.failedLogins());
            auth.audit("auth.locked", USER, userId, null, Map.of("lockedUntil", f.lockedUntil().toString()),
                    Map.of("failedLogins", f.failedLogins()), ctx);
        }
    }

    /** A refusal that is no strike: the account is locked, disabled or gone, or its password changed. */
    void refuse(UUID userId, Instant now, String action, CallContext ctx) {
        audit(userId, auth.users().refusal(userId, now), action, ctx);
    }

    /** {@link #refuse} with the reason already read. */
    void refused(UUID userId, String why, String action, CallContext ctx) {
        audit(userId, why, action, ctx);
    }

    private void audit(UUID userId, String why, String action, CallContext ctx) {
        auth.audit(action, USER, userId, null, null, Map.of("reason", why == null ? "unknown_email" : why), ctx);
    }
}
