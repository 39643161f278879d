package dev.portalkit.billing.internal;

import dev.portalkit.billing.ChargeRequest;
import dev.portalkit.billing.GatewayResult;
import dev.portalkit.billing.Payment;
import dev.portalkit.billing.PaymentService;
import dev.portalkit.billing.ReconcileReport;
import dev.portalkit.billing.Refund;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.Page;
import dev.portalkit.core.PageRequest;
import dev.portalkit.core.spi.Cursors;
import dev.portalkit.core.spi.Validation;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Not API: create through the Portal. Checks the input, and leaves the writes to {@link Charges} and
 * {@link Refunds} (each in three steps: the row committed under its idempotency key, the gateway called
 * with no transaction open, the row settled with a compare-and-set) and {@link Reconciliation}.
 */
public final class DefaultPaymentService implements PaymentService {

    static final int MAX_KEY = 200;

    private final BillingContext billing;
    private final Charges charges;
    private final Refunds refunds;
    private final Reconciliation reconciliation;
    private final GatewaySettlements settlements;

    DefaultPaymentService(BillingContext billing, Charges charges, Refunds refunds, Reconciliation reconciliation) {
        this.billing = billing;
        this.charges = charges;
        this.refunds = refunds;
        this.reconciliation = reconciliation;
        this.settlements = new GatewaySettlements(billing, refunds);
    }

    @Override
    public Payment charge(ChargeRequest r, CallContext context) {
        Validation v = new Validation()
                .notNull("userId", r.userId())
                .check("amountMinor", r.amountMinor() > 0, "must be more than zero")
                .optionalText("description", r.description(), 500)
                .json("metadata", r.metadata());
        Inputs.currency(v, "currency", r.currency());
        Keys.check(v, "idempotencyKey", r.idempotencyKey(), MAX_KEY);
        v.throwIfInvalid();
        return charges.charge(r, context);
    }

    @Override
    public Refund refund(UUID paymentId, long amountMinor, String idempotencyKey, String reason, CallContext context) {
        Validation v = new Validation()
                .notNull("paymentId", paymentId)
                .check("amountMinor", amountMinor > 0, "must be more than zero")
                .optionalText("reason", reason, 500);
        Keys.check(v, "idempotencyKey", idempotencyKey, MAX_KEY);
        v.throwIfInvalid();
        return refunds.refund(paymentId, amountMinor, idempotencyKey, reason, context, true);
    }

    @Override
    public Optional<Payment> find(UUID id) {
        return Optional.ofNullable(billing.tx.read(() -> billing.payments().find(id)));
    }

    @Override
    public Optional<Payment> findByIdempotencyKey(String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_KEY || !Validation.clean(key)) {
            return Optional.empty(); // no key could be stored so (PostgreSQL text holds no NUL)
        }
        return Optional.ofNullable(billing.tx.read(() -> billing.payments().findByKey(key)));
    }

    @Override
    public List<Refund> refunds(UUID paymentId) {
        return billing.tx.read(() -> billing.refunds().forPayment(paymentId));
    }

    @Override
    public Page<Payment> list(UUID userId, PageRequest page) {
        Cursors.TimeKey after = Inputs.after(page);
        List<Payment> rows = billing.tx.read(() -> billing.payments().list(userId, after.at(), after.id(), page.limit() + 1));
        return Cursors.page(rows, page.limit(), p -> Cursors.encode(p.createdAt(), p.id()));
    }

    @Override
    public Optional<Payment> settle(String idempotencyKey, GatewayResult result, CallContext context) {
        checkSettle(idempotencyKey, result);
        return settlements.settle(idempotencyKey, result, context);
    }

    @Override
    public Optional<Refund> settleRefund(String idempotencyKey, GatewayResult result, CallContext context) {
        checkSettle(idempotencyKey, result);
        return settlements.settleRefund(idempotencyKey, result, context);
    }

    private static void checkSettle(String idempotencyKey, GatewayResult result) {
        Validation v = new Validation().notNull("result", result);
        if (idempotencyKey == null || idempotencyKey.isEmpty() || idempotencyKey.length() > MAX_KEY
                || !Validation.clean(idempotencyKey)) {
            v.check("idempotencyKey", false, "must be 1 to " + MAX_KEY + " characters without control characters");
        }
        v.throwIfInvalid();
    }

    @Override
    public ReconcileReport reconcile(int batchSize, CallContext context) {
        return reconciliation.reconcile(batchSize, context);
    }
}
