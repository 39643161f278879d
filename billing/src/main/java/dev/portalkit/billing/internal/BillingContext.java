package dev.portalkit.billing.internal;

import dev.portalkit.auth.UserService;
import dev.portalkit.billing.BillingError;
import dev.portalkit.billing.BillingOptions;
import dev.portalkit.core.AuditEvent;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.NotFoundException;
import dev.portalkit.core.PortalException;
import dev.portalkit.core.spi.AuditRows;
import dev.portalkit.core.spi.AuditTrail;
import dev.portalkit.core.spi.Transactions;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** What the billing services share. Not API. */
final class BillingContext {

    final BillingOptions options;
    final Transactions tx;
    final AuditTrail audit;
    final Clock clock;
    final UserService users;

    BillingContext(BillingOptions options, Transactions tx, AuditTrail audit, Clock clock, UserService users) {
        this.options = options;
        this.tx = tx;
        this.audit = audit;
        this.clock = clock;
        this.users = users;
    }

    Instant now() {
        return clock.instant();
    }

    TierMapper tiers() {
        return tx.mapper(TierMapper.class);
    }

    SubscriptionMapper subscriptions() {
        return tx.mapper(SubscriptionMapper.class);
    }

    PaymentMapper payments() {
        return tx.mapper(PaymentMapper.class);
    }

    void audit(String action, String entityType, UUID id, Map<String, Object> before, Map<String, Object> after,
               Map<String, Object> metadata, CallContext context) {
        audit.record(new AuditEvent(action, entityType, id, before, after, metadata), context);
    }

    /**
     * The event of the transaction's last statement, which writes it (once per row it changes) with
     * the rows recorded before it and the COMMIT, in one round trip: see {@link AuditTrail#lastStatement}.
     */
    AuditRows lastStatement(String action, String entityType, UUID id, Map<String, Object> before,
                            Map<String, Object> after, Map<String, Object> metadata, CallContext context) {
        return audit.lastStatement(new AuditEvent(action, entityType, id, before, after, metadata), context);
    }

    /** Inside a transaction: the user must exist and be live. */
    void requireUser(UUID userId) {
        if (users.find(userId).isEmpty()) {
            throw new NotFoundException("User", userId);
        }
    }

    /** Calls whose row must be committed before a gateway call cannot join a host's transaction. */
    void refuseInTransaction(String what) {
        if (tx.active()) {
            throw new PortalException(BillingError.PAYMENT_IN_TRANSACTION, what);
        }
    }
}
