package dev.portalkit.billing.internal;

import dev.portalkit.billing.ChargeRequest;
import dev.portalkit.billing.GatewayCharge;
import dev.portalkit.billing.IdempotencyKeyReusedException;
import dev.portalkit.billing.Payment;
import dev.portalkit.billing.PaymentGateway;
import dev.portalkit.billing.PaymentInProgressException;
import dev.portalkit.billing.PaymentStatus;
import dev.portalkit.billing.internal.KeyRow.Operation;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.NotFoundException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every charge: a caller's ({@code PaymentService.charge}) and PortalKit's own (subscriptions, renewals).
 * Three steps, each of steps 1 and 3 one round trip (one statement with its audit row and the COMMIT):
 * (1) the PROCESSING row is committed under its idempotency key (a concurrent call with the same key
 * waits on the unique index, then finds it); (2) the gateway is called with no transaction open; (3)
 * the row is settled with a compare-and-set from PROCESSING. A crash between the steps leaves a
 * PROCESSING row that {@link Reconciliation} settles from the gateway's record. Not API.
 */
final class Charges {

    private static final Logger LOG = LoggerFactory.getLogger(Charges.class);

    private final BillingContext billing;
    private final PaymentGateway gateway;

    Charges(BillingContext billing) {
        this.billing = billing;
        this.gateway = billing.options.gateway();
    }

    /** A caller's charge, validated: its key is recorded as a CHARGE in idempotency_keys. */
    Payment charge(ChargeRequest r, CallContext context) {
        return charge(r.userId(), null, null, r.amountMinor(), r.currency(), r.description(), r.idempotencyKey(),
                r.metadata(), context, true);
    }

    /**
     * PortalKit's own charges (subscriptions): their key is derived, and the caller's key is recorded by the
     * call. {@code periodStart} marks a renewal charge (unique per subscription and period).
     */
    Payment charge(UUID userId, UUID subscriptionId, Instant periodStart, long amount, String currency,
                   String description, String key, Map<String, Object> metadata, CallContext context) {
        return charge(userId, subscriptionId, periodStart, amount, currency, description, key, metadata, context, false);
    }

    /**
     * {@code callerKey}: the key is the caller's, recorded as a CHARGE in idempotency_keys by the same
     * statement that inserts the payment.
     */
    private Payment charge(UUID userId, UUID subscriptionId, Instant periodStart, long amount, String currency,
                           String description, String key, Map<String, Object> metadata, CallContext context,
                           boolean callerKey) {
        billing.refuseInTransaction("PaymentService.charge");
        // The request hash of a charge: the same key with another request is refused.
        String hash = Inputs.sha256("charge", userId, subscriptionId, periodStart, amount, currency, description);
        // Step 1 in one round trip: the INSERT (for a live user, unless the key exists), its audit row
        // and the COMMIT. The id is chosen here so that the audit row can be built before the INSERT.
        UUID id = UUID.randomUUID();
        Payment inserted;
        for (int attempt = 1; ; attempt++) {
            inserted = billing.tx.call(() -> billing.payments().insertIfAbsent(id, userId, subscriptionId, periodStart,
                    key, callerKey ? Operation.CHARGE : null, hash, amount, currency, description, metadata, billing.now(),
                    billing.lastStatement("payment.created", "payment", id, null, amountOf(amount, currency, subscriptionId),
                            Map.of("idempotencyKey", key), context)));
            if (inserted != null) {
                break;
            }
            // Nothing was written: an unknown or deleted user (checked first, as ever) or a known key. Reads
            // only, after the statement that ended the transaction: each in autocommit.
            Payment replay = billing.tx.read(() -> {
                billing.requireUser(userId);
                return existing(key, hash, callerKey);
            });
            if (replay != null) {
                return replay;
            }
            // Neither: the user was not live when the statement ran but is now (restored meanwhile), or a
            // concurrent call with this key rolled back. Try again; a user deleted and restored around every
            // attempt was not there to charge.
            if (attempt == 3) {
                throw new NotFoundException("User", userId);
            }
        }
        Payment p = inserted;
        GatewayAnswer answer = GatewayAnswer.ask(() -> gateway.charge(new GatewayCharge(key, userId, amount, currency,
                description)));
        if (answer.unknown()) {
            LOG.warn("Payment gateway gave no answer for payment {}; it stays UNKNOWN until reconcile(): {}", p.id(),
                    answer.errorType());
        }
        // Step 3 in one round trip: the compare-and-set from PROCESSING, its audit row and the COMMIT.
        Settlement s = Settlement.of(answer);
        Payment settled = billing.tx.call(() -> s.apply(billing.payments(), p.id(), PaymentStatus.PROCESSING,
                billing.now(), billing.lastStatement("payment." + s.status().name().toLowerCase(), "payment", p.id(),
                        Map.of("status", "PROCESSING"), Map.of("status", s.status().name()),
                        s.failureCode() == null ? null : Map.of("failureCode", s.failureCode()), context)));
        if (settled != null) {
            return settled;
        }
        Payment now = billing.tx.read(() -> billing.payments().find(p.id())); // reconcile() settled it first
        if (answer.approved() && now.status() == PaymentStatus.FAILED) {
            LOG.error("The gateway approved payment {} (reference {}) after reconcile() had settled it FAILED: "
                    + "staleAfter is shorter than the gateway's timeout. Refund or fix it by hand.", p.id(),
                    answer.result().reference());
        }
        return now;
    }

    /**
     * The payment an earlier call with {@code key} made, or null if none has. A caller's key is looked up
     * in idempotency_keys: it may belong to another kind of call (a subscribe, a refund).
     */
    private Payment existing(String key, String hash, boolean callerKey) {
        KeyRow row = callerKey ? billing.keys().find(key) : null;
        if (row != null && !row.sameCall(Operation.CHARGE, hash)) {
            throw new IdempotencyKeyReusedException(key);
        }
        // No key row: PortalKit's own key, or a payment an older release wrote. Its own hash says.
        String known = row != null ? row.requestHash() : billing.payments().requestHash(key);
        Payment p = billing.payments().findByKey(key);
        if (known == null || p == null) {
            return null; // no payment holds the key (see charge)
        }
        if (!known.equals(hash)) {
            throw new IdempotencyKeyReusedException(key);
        }
        if (p.status() == PaymentStatus.PROCESSING) {
            throw new PaymentInProgressException(key);
        }
        return p;
    }

    /** The "payment.created" row's after: the new row's amount, currency, status and subscription. */
    private static Map<String, Object> amountOf(long amount, String currency, UUID subscriptionId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("amountMinor", amount);
        m.put("currency", currency);
        m.put("status", PaymentStatus.PROCESSING.name());
        if (subscriptionId != null) {
            m.put("subscriptionId", subscriptionId.toString());
        }
        return m;
    }
}
