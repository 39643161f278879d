package dev.portalkit.auth.internal;

import dev.portalkit.auth.AuthOptions;
import dev.portalkit.core.AuditEvent;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.spi.AuditTrail;
import dev.portalkit.core.spi.Transactions;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** What the auth services share. Not API. */
final class AuthContext {

    final AuthOptions options;
    final Transactions tx;
    final AuditTrail audit;
    final Clock clock;
    final Hashing hashing;

    AuthContext(AuthOptions options, Transactions tx, AuditTrail audit, Clock clock, Hashing hashing) {
        this.options = options;
        this.tx = tx;
        this.audit = audit;
        this.clock = clock;
        this.hashing = hashing;
    }

    Instant now() {
        return clock.instant();
    }

    UserMapper users() {
        return tx.mapper(UserMapper.class);
    }

    SessionMapper sessions() {
        return tx.mapper(SessionMapper.class);
    }

    TokenMapper tokens() {
        return tx.mapper(TokenMapper.class);
    }

    void audit(String action, UUID userId, Map<String, Object> before, Map<String, Object> after,
               Map<String, Object> metadata, CallContext context) {
        audit.record(new AuditEvent(action, "user", userId, before, after, metadata), context);
    }

    static CallContext orSystem(CallContext context) {
        return context == null ? CallContext.system("unknown") : context;
    }
}
