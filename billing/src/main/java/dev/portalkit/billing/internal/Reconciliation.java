package dev.portalkit.billing.internal;

import dev.portalkit.billing.GatewayCharge;
import dev.portalkit.billing.GatewayRefund;
import dev.portalkit.billing.GatewayResult;
import dev.portalkit.billing.Payment;
import dev.portalkit.billing.PaymentGateway;
import dev.portalkit.billing.PaymentStatus;
import dev.portalkit.billing.ReconcileReport;
import dev.portalkit.billing.Refund;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.ValidationException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code PaymentService.reconcile}: settles UNKNOWN payments and refunds, and PROCESSING ones whose caller
 * died, from the gateway's record of their key; then finishes the keyed subscription calls waiting on
 * them ({@link KeyedCalls#finishSettled}). Not API.
 */
final class Reconciliation {

    /** The reconciliations counter; its {@code result} tag names a ReconcileReport field in snake case. */
    static final String RECONCILIATIONS = "portalkit.billing.reconciliations";

    private enum Outcome { SUCCEEDED, FAILED, STILL_UNKNOWN }

    private final BillingContext billing;
    private final PaymentGateway gateway;
    private final Refunds refunds;
    private final KeyedCalls keyed;

    Reconciliation(BillingContext billing, Refunds refunds, KeyedCalls keyed) {
        this.billing = billing;
        this.gateway = billing.options.gateway();
        this.refunds = refunds;
        this.keyed = keyed;
    }

    ReconcileReport reconcile(int batchSize, CallContext context) {
        if (batchSize < 1 || batchSize > 1000) {
            throw new ValidationException("batchSize", "must be between 1 and 1000");
        }
        // It asks the gateway while holding its claimed rows, and counts what it settled: neither may
        // ride in a transaction the host could still roll back (nor hold the host's locks meanwhile).
        billing.refuseInTransaction("PaymentService.reconcile");
        Tally<Outcome> counts = new Tally<>(Outcome.class);
        // One transaction holds the claimed rows' locks while the gateway is asked, so two
        // reconcilers never settle the same row; rows another one holds are skipped.
        billing.tx.run(() -> {
            Instant staleBefore = billing.now().minus(billing.options.staleAfter());
            for (Payment p : billing.payments().claimUnsettled(staleBefore, batchSize)) {
                counts.add(settle(p, context));
            }
            for (Refund r : billing.refunds().claimUnsettled(staleBefore, batchSize)) {
                counts.add(settle(r, context));
            }
        });
        // Counted once the settlements committed (a failure above leaves every row for the next run).
        billing.count(RECONCILIATIONS, "succeeded", counts.get(Outcome.SUCCEEDED));
        billing.count(RECONCILIATIONS, "failed", counts.get(Outcome.FAILED));
        billing.count(RECONCILIATIONS, "still_unknown", counts.get(Outcome.STILL_UNKNOWN));
        // Outside the transaction above: finishing a call writes its change (or refunds) on its own.
        keyed.finishSettled(batchSize, context);
        return new ReconcileReport(counts.total(), counts.get(Outcome.SUCCEEDED), counts.get(Outcome.FAILED),
                counts.get(Outcome.STILL_UNKNOWN));
    }

    private Outcome settle(Payment p, CallContext context) {
        GatewayCharge sent = new GatewayCharge(p.idempotencyKey(), p.userId(), p.amountMinor(), p.currency(),
                p.description());
        GatewayAnswer answer = lookUp(() -> gateway.lookupCharge(sent, p.createdAt()), "charge");
        if (answer.unknown()) {
            if (p.status() == PaymentStatus.PROCESSING) {
                Settlement.unknown(null).apply(billing.payments(), p.id(), PaymentStatus.PROCESSING, billing.now());
            }
            return Outcome.STILL_UNKNOWN;
        }
        Payment settled = Settlement.of(answer.result()).apply(billing.payments(), p.id(), p.status(), billing.now());
        billing.audit("payment.reconciled", "payment", p.id(), Map.of("status", p.status().name()),
                Map.of("status", settled.status().name()), null, context);
        return outcome(answer);
    }

    private Outcome settle(Refund r, CallContext context) {
        Payment p = billing.payments().find(r.paymentId());
        GatewayRefund sent = new GatewayRefund(r.idempotencyKey(), p.gatewayReference(), r.amountMinor(), r.currency(),
                r.reason());
        GatewayAnswer answer = lookUp(() -> gateway.lookupRefund(sent, r.createdAt()), "refund");
        if (answer.unknown() || answer.result().requiresAction()) { // a refund waiting on the provider is not settled
            return Outcome.STILL_UNKNOWN;
        }
        refunds.settle(r, r.status(), answer.result(), context);
        return outcome(answer);
    }

    /** The gateway's record of a key; a key it never saw settles as declined ({@code not_at_gateway}). */
    private static GatewayAnswer lookUp(Supplier<Optional<GatewayResult>> lookup, String what) {
        return GatewayAnswer.ask(() -> lookup.get().orElse(GatewayResult.declined("not_at_gateway",
                "The gateway has no " + what + " with this idempotency key")));
    }

    private static Outcome outcome(GatewayAnswer answer) {
        if (answer.result().requiresAction()) {
            return Outcome.STILL_UNKNOWN; // waits for the customer: the provider's webhook settles it
        }
        return answer.approved() ? Outcome.SUCCEEDED : Outcome.FAILED;
    }
}
