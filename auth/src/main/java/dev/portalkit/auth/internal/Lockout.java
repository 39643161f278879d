package dev.portalkit.auth.internal;

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
 * keep the user's id and a reason, never anything typed. Not API.
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
        AuthOptions o = auth.options;
        FailureRow f = auth.users().recordFailure(userId, now, now.minus(o.failureResetAfter()), o.lockoutThreshold(),
                o.lockoutBase().toSeconds(), o.lockoutMax().toSeconds());
        if (f == null) {
            refuse(userId, now, action, ctx);
            return;
        }
        Map<String, Object> meta = new HashMap<>();
        meta.put("reason", "wrong_password");
        meta.put("failedLogins", f.failedLogins());
        auth.audit(action, userId, null, null, meta, ctx);
        if (f.failedLogins() % o.lockoutThreshold() == 0) {
            LOG.warn("Account {} locked until {} after {} failed logins", userId, f.lockedUntil(), f.failedLogins());
            auth.audit("auth.locked", userId, null, Map.of("lockedUntil", f.lockedUntil().toString()),
                    Map.of("failedLogins", f.failedLogins()), ctx);
        }
    }

    /** A refusal that is no strike: the account is locked, disabled or gone, or its password changed. */
    void refuse(UUID userId, Instant now, String action, CallContext ctx) {
        String reason = auth.users().refusal(userId, now);
        auth.audit(action, userId, null, null, Map.of("reason", reason == null ? "unknown_email" : reason), ctx);
    }
}
