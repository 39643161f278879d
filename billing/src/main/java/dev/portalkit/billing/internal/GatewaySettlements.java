package dev.portalkit.billing.internal;

import dev.portalkit.billing.GatewayResult;
import dev.portalkit.billing.Payment;
import dev.portalkit.billing.PaymentStatus;
import dev.portalkit.billing.Refund;
import dev.portalkit.billing.RefundStatus;
import dev.portalkit.core.CallContext;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code PaymentService.settle} and {@code settleRefund}: a provider's word from outside a call (a webhook)
 * settles an unsettled payment or refund. The row is locked first ({@code FOR UPDATE}): a {@link Reconciliation}
 * that claimed it (and holds it while it asks the gateway) is waited for, and a charge's own step 3 (a
 * compare-and-set from PROCESSING) finds it settled; so each transition is written, and audited, once.
 * A settled payment never changes here again: its refunds are {@link Refunds}'. Not API.
 */
final class GatewaySettlements {

    private static final Logger LOG = LoggerFactory.getLogger(GatewaySettlements.class);

    private final BillingContext billing;
    private final Refunds refunds;

    GatewaySettlements(BillingContext billing, Refunds refunds) {
        this.billing = billing;
        this.refunds = refunds;
    }

    Optional<Payment> settle(String key, GatewayResult result, CallContext context) {
        return Optional.ofNullable(billing.tx.call(() -> {
            Payment p = billing.payments().lockByKey(key);
            if (p == null) {
                return null;
            }
            boolean open = p.status() == PaymentStatus.PROCESSING || p.status() == PaymentStatus.UNKNOWN
                    || p.status() == PaymentStatus.REQUIRES_ACTION;
            if (!open) {
                if (result.approved() && p.status() == PaymentStatus.FAILED) {
                    LOG.error("The gateway reports payment {} (reference {}) approved, but it was settled FAILED: refund"
                            + " it or fix it by hand", p.id(), result.reference());
                }
                return p; // settled: a late or repeated word changes nothing
            }
            if (result.requiresAction() && p.status() == PaymentStatus.REQUIRES_ACTION) {
                return p;
            }
            Settlement s = Settlement.of(result);
            Payment settled = s.apply(billing.payments(), p.id(), p.status(), billing.now());
            billing.audit("payment.settled", "payment", p.id(), Map.of("status", p.status().name()),
                    Map.of("status", settled.status().name()),
                    s.failureCode() == null ? Map.of("source", "gateway")
                            : Map.of("source", "gateway", "failureCode", s.failureCode()), context);
            return settled;
        }));
    }

    Optional<Refund> settleRefund(String key, GatewayResult result, CallContext context) {
        return Optional.ofNullable(billing.tx.call(() -> {
            Refund r = billing.refunds().lockByKey(key);
            if (r == null) {
                return null;
            }
            boolean open = r.status() == RefundStatus.PROCESSING || r.status() == RefundStatus.UNKNOWN;
            if (!open || result.requiresAction()) {
                return r; // settled already, or still waiting on the provider
            }
            return refunds.settle(r, r.status(), result, context);
        }));
    }
}
