package dev.portalkit.billing.internal;

import dev.portalkit.billing.GatewayRefund;
import dev.portalkit.billing.GatewayResult;
import dev.portalkit.billing.IdempotencyKeyReusedException;
import dev.portalkit.billing.Payment;
import dev.portalkit.billing.PaymentGateway;
import dev.portalkit.billing.PaymentInProgressException;
import dev.portalkit.billing.PaymentNotRefundableException;
import dev.portalkit.billing.PaymentStatus;
import dev.portalkit.billing.Refund;
import dev.portalkit.billing.RefundExceedsCapturedException;
import dev.portalkit.billing.RefundStatus;
import dev.portalkit.billing.internal.KeyRow.Operation;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.NotFoundException;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every refund: a caller's ({@code PaymentService.refund}) and PortalKit's own ({@code compensation:{payment}}).
 * The same three steps as {@link Charges}: a transaction reserves the amount on the payment
 * ({@code refund_pending_minor}, within what it captured) and commits the PROCESSING refund; the gateway
 * is called with no transaction open; a transaction settles the refund and moves the reserved amount to
 * refunded, or back. Not API.
 */
final class Refunds {

    private static final Logger LOG = LoggerFactory.getLogger(Refunds.class);

    private final BillingContext billing;
    private final PaymentGateway gateway;

    Refunds(BillingContext billing) {
        this.billing = billing;
        this.gateway = billing.options.gateway();
    }

    /**
     * {@code callerKey}: the key is the caller's, claimed as a REFUND in idempotency_keys by the transaction
     * that reserves the amount; otherwise PortalKit's own ({@code compensation:{payment}}).
     */
    Refund refund(UUID paymentId, long amountMinor, String idempotencyKey, String reason, CallContext context,
                  boolean callerKey) {
        billing.refuseInTransaction("PaymentService.refund");
        String hash = Inputs.sha256("refund", paymentId, amountMinor);
        record Started(Refund refund, Payment payment, boolean fresh) {
        }
        Started started = billing.tx.call(() -> {
            Payment p = billing.payments().find(paymentId);
            if (p == null) {
                throw new NotFoundException("Payment", paymentId);
            }
            if (callerKey && billing.keys().claim(idempotencyKey, Operation.REFUND, hash,
                    KeyRow.Status.DONE, null, paymentId, null, null) == null) {
                KeyRow row = billing.keys().find(idempotencyKey);
                Refund known = billing.refunds().findByKey(idempotencyKey);
                if (!row.sameCall(Operation.REFUND, hash) || known == null) {
                    throw new IdempotencyKeyReusedException(idempotencyKey);
                }
                return new Started(existing(known, idempotencyKey, hash), p, false);
            }
            Refund known = billing.refunds().findByKey(idempotencyKey);
            if (known != null) {
                return new Started(existing(known, idempotencyKey, hash), p, false);
            }
            Payment reserved = billing.payments().reserveRefund(paymentId, amountMinor);
            if (reserved == null) {
                Payment now = billing.payments().find(paymentId);
                if (now.status() == PaymentStatus.SUCCEEDED || now.status() == PaymentStatus.PARTIALLY_REFUNDED
                        || now.status() == PaymentStatus.REFUNDED) {
                    throw new RefundExceedsCapturedException(amountMinor, paymentId, now.amountMinor(),
                            now.refundedMinor() + now.refundPendingMinor());
                }
                throw new PaymentNotRefundableException(paymentId, now.status());
            }
            Refund r = billing.refunds().insertIfAbsent(paymentId, idempotencyKey, hash, amountMinor,
                    p.currency(), reason, billing.now());
            if (r == null) {
                // A concurrent call with the same key got there first; rolling back frees our reservation.
                throw new PaymentInProgressException(idempotencyKey);
            }
            billing.audit("payment.refund_requested", "payment", paymentId, null,
                    Map.of("refundId", r.id().toString(), "amountMinor", amountMinor), Map.of("idempotencyKey", idempotencyKey),
                    context);
            return new Started(r, reserved, true);
        });
        if (!started.fresh()) {
            return started.refund();
        }
        Refund r = started.refund();
        GatewayAnswer asked = GatewayAnswer.ask(() -> gateway.refund(new GatewayRefund(idempotencyKey,
                started.payment().gatewayReference(), amountMinor, r.currency(), reason)));
        // A refund cannot wait for a customer: an answer that says so is no answer yet (UNKNOWN, reconciled).
        GatewayAnswer answer = asked.result() != null && asked.result().requiresAction()
                ? new GatewayAnswer(null, new IllegalStateException("the gateway answered that the refund requires action"))
                : asked;
        if (answer.unknown()) {
            LOG.warn("Payment gateway gave no answer for refund {}; it stays UNKNOWN until reconcile(): {}", r.id(),
                    answer.errorType());
        }
        return billing.tx.call(() -> {
            Refund settled;
            if (answer.unknown()) {
                settled = billing.refunds().settle(r.id(), RefundStatus.PROCESSING, RefundStatus.UNKNOWN, null,
                        "gateway_no_answer", Inputs.cut(answer.failure(), 500), billing.now());
                if (settled != null) {
                    billing.audit("payment.refund_unknown", "payment", r.paymentId(), null, null,
                            Map.of("refundId", r.id().toString(), "amountMinor", r.amountMinor()), context);
                }
            } else {
                settled = settle(r, RefundStatus.PROCESSING, answer.result(), context);
            }
            return settled == null ? billing.refunds().findByKey(idempotencyKey) : settled;
        });
    }

    private Refund existing(Refund known, String key, String hash) {
        if (!hash.equals(billing.refunds().requestHash(key))) {
            throw new IdempotencyKeyReusedException(key);
        }
        if (known.status() == RefundStatus.PROCESSING) {
            throw new PaymentInProgressException(key);
        }
        return known;
    }

    /**
     * Settles a refund still at {@code expected} and moves its reserved amount to refunded (approved) or back
     * (declined); {@code null} (nothing written) when it was settled already.
     */
    Refund settle(Refund r, RefundStatus expected, GatewayResult answer, CallContext context) {
        Refund settled = answer.approved()
                ? billing.refunds().settle(r.id(), expected, RefundStatus.SUCCEEDED, Inputs.cut(answer.reference(), 200),
                        null, null, billing.now())
                : billing.refunds().settle(r.id(), expected, RefundStatus.FAILED, null,
                        Inputs.cut(answer.declineCode(), 100), Inputs.cut(answer.message(), 500), billing.now());
        if (settled == null) {
            return null;
        }
        Payment p = billing.payments().settleRefundAmount(r.paymentId(), r.amountMinor(), answer.approved());
        billing.audit(answer.approved() ? "payment.refunded" : "payment.refund_failed", "payment", r.paymentId(), null,
                Map.of("status", p.status().name(), "refundedMinor", p.refundedMinor()),
                Map.of("refundId", r.id().toString(), "amountMinor", r.amountMinor()), context);
        return settled;
    }
}
