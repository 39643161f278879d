package dev.portalkit.billing.internal;

import dev.portalkit.billing.ChargeRequest;
import dev.portalkit.billing.GatewayCharge;
import dev.portalkit.billing.GatewayRefund;
import dev.portalkit.billing.GatewayResult;
import dev.portalkit.billing.IdempotencyKeyReusedException;
import dev.portalkit.billing.Payment;
import dev.portalkit.billing.PaymentGateway;
import dev.portalkit.billing.PaymentInProgressException;
import dev.portalkit.billing.PaymentNotRefundableException;
import dev.portalkit.billing.PaymentService;
import dev.portalkit.billing.PaymentStatus;
import dev.portalkit.billing.ReconcileReport;
import dev.portalkit.billing.Refund;
import dev.portalkit.billing.RefundExceedsCapturedException;
import dev.portalkit.billing.RefundStatus;
import dev.portalkit.billing.internal.KeyRow.Operation;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.NotFoundException;
import dev.portalkit.core.Page;
import dev.portalkit.core.PageRequest;
import dev.portalkit.core.ValidationException;
import dev.portalkit.core.spi.AuditRows;
import dev.portalkit.core.spi.Cursors;
import dev.portalkit.core.spi.Validation;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Not API: create through the Portal. Each write runs as three steps: (1) a transaction commits the
 * PROCESSING row under its idempotency key (a concurrent call with the same key waits on the unique
 * index, then finds it); (2) the gateway is called with no transaction open; (3) a transaction
 * settles the row with a compare-and-set from PROCESSING. A crash between the steps leaves a
 * PROCESSING row that {@link #reconcile} settles from the gateway's record. In {@code charge}, steps
 * 1 and 3 are one round trip each: one statement with its audit row and the COMMIT.
 */
public final class DefaultPaymentService implements PaymentService {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultPaymentService.class);
    static final int MAX_KEY = 200;

    private final BillingContext billing;
    private final PaymentGateway gateway;
    /** The keyed subscription calls, which reconcile() finishes once their charge is settled; set by the wiring. */
    KeyedCalls keyed;

    DefaultPaymentService(BillingContext billing) {
        this.billing = billing;
        this.gateway = billing.options.gateway();
    }

    @Override
    public Payment charge(ChargeRequest r, CallContext context) {
        Objects.requireNonNull(r, "null request");
        Validation v = new Validation()
                .notNull("userId", r.userId())
                .check("amountMinor", r.amountMinor() > 0, "must be more than zero")
                .optionalText("description", r.description(), 500)
                .json("metadata", r.metadata());
        Inputs.currency(v, "currency", r.currency());
        Keys.check(v, "idempotencyKey", r.idempotencyKey(), MAX_KEY);
        v.throwIfInvalid();
        return charge(r.userId(), null, null, r.amountMinor(), r.currency(), r.description(), r.idempotencyKey(),
                r.metadata(), context, true);
    }

    /** PortalKit's own charges (subscriptions): their key is derived, and the caller's key is recorded by the call. */
    Payment charge(UUID userId, UUID subscriptionId, Instant periodStart, long amount, String currency,
                   String description, String key, Map<String, Object> metadata, CallContext context) {
        return charge(userId, subscriptionId, periodStart, amount, currency, description, key, metadata, context, false);
    }

    /** The request hash of a charge: the same key with another request is refused. */
    static String requestHash(UUID userId, UUID subscriptionId, Instant periodStart, long amount, String currency,
                              String description) {
        return Inputs.sha256("charge", userId, subscriptionId, periodStart, amount, currency, description);
    }

    /**
     * {@code periodStart} marks a renewal charge (unique per subscription and period). {@code callerKey}: the
     * key is the caller's, recorded as a CHARGE in idempotency_keys by the same statement that inserts the payment.
     */
    private Payment charge(UUID userId, UUID subscriptionId, Instant periodStart, long amount, String currency,
                           String description, String key, Map<String, Object> metadata, CallContext context,
                           boolean callerKey) {
        billing.refuseInTransaction("PaymentService.charge");
        String hash = requestHash(userId, subscriptionId, periodStart, amount, currency, description);
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
        GatewayResult result = null;
        String error = null;
        try {
            result = gateway.charge(new GatewayCharge(key, userId, amount, currency, description));
        } catch (RuntimeException e) {
            // The outcome is not known: the charge may have gone through. Never assume FAILED.
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.warn("Payment gateway gave no answer for payment {}; it stays UNKNOWN until reconcile(): {}",
                    p.id(), e.getClass().getSimpleName());
        }
        // Step 3 in one round trip: the compare-and-set from PROCESSING, its audit row and the COMMIT.
        Settlement s = result == null ? Settlement.unknown(error) : Settlement.of(result);
        Payment settled = billing.tx.call(() -> s.apply(billing.payments(), p.id(), PaymentStatus.PROCESSING,
                billing.now(), billing.lastStatement("payment." + s.status().name().toLowerCase(), "payment", p.id(),
                        Map.of("status", "PROCESSING"), Map.of("status", s.status().name()),
                        s.failureCode() == null ? null : Map.of("failureCode", s.failureCode()), context)));
        if (settled != null) {
            return settled;
        }
        Payment now = billing.tx.read(() -> billing.payments().find(p.id())); // reconcile() settled it first
        if (result != null && result.approved() && now.status() == PaymentStatus.FAILED) {
            LOG.error("The gateway approved payment {} (reference {}) after reconcile() had settled it FAILED: "
                    + "staleAfter is shorter than the gateway's timeout. Refund or fix it by hand.", p.id(),
                    result.reference());
        }
        return now;
    }

    /** How a gateway's answer (or its silence) settles a payment: the values {@link PaymentMapper#settle} writes. */
    private record Settlement(PaymentStatus status, String reference, String failureCode, String failureMessage) {

        static Settlement of(GatewayResult r) {
            return r.approved()
                    ? new Settlement(PaymentStatus.SUCCEEDED, Inputs.cut(r.reference(), 200), null, null)
                    : new Settlement(PaymentStatus.FAILED, Inputs.cut(r.reference(), 200), Inputs.cut(r.declineCode(), 100),
                            Inputs.cut(r.message(), 500));
        }

        static Settlement unknown(String failure) {
            return new Settlement(PaymentStatus.UNKNOWN, null, "gateway_no_answer", Inputs.cut(failure, 500));
        }

        Payment apply(PaymentMapper payments, UUID id, PaymentStatus expected, Instant now) {
            return payments.settle(id, expected, status, reference, failureCode, failureMessage, now);
        }

        /** The same as the transaction's last statement, with its audit rows and COMMIT. */
        Payment apply(PaymentMapper payments, UUID id, PaymentStatus expected, Instant now, AuditRows audit) {
            return payments.settleAudited(id, expected, status, reference, failureCode, failureMessage, now, audit);
        }
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

    private Payment settleFrom(UUID id, PaymentStatus expected, GatewayResult r) {
        return Settlement.of(r).apply(billing.payments(), id, expected, billing.now());
    }

    @Override
    public Refund refund(UUID paymentId, long amountMinor, String idempotencyKey, String reason, CallContext context) {
        Validation v = new Validation()
                .notNull("paymentId", paymentId)
                .check("amountMinor", amountMinor > 0, "must be more than zero")
                .optionalText("reason", reason, 500);
        Keys.check(v, "idempotencyKey", idempotencyKey, MAX_KEY);
        v.throwIfInvalid();
        return refund(paymentId, amountMinor, idempotencyKey, reason, context, true);
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
                return new Started(existingRefund(known, idempotencyKey, hash), p, false);
            }
            Refund known = billing.refunds().findByKey(idempotencyKey);
            if (known != null) {
                return new Started(existingRefund(known, idempotencyKey, hash), p, false);
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
        GatewayResult result = null;
        String error = null;
        try {
            result = gateway.refund(new GatewayRefund(idempotencyKey, started.payment().gatewayReference(), amountMinor,
                    r.currency(), reason));
        } catch (RuntimeException e) {
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.warn("Payment gateway gave no answer for refund {}; it stays UNKNOWN until reconcile(): {}",
                    r.id(), e.getClass().getSimpleName());
        }
        GatewayResult answer = result;
        String failure = error;
        return billing.tx.call(() -> {
            Refund settled;
            if (answer == null) {
                settled = billing.refunds().settle(r.id(), RefundStatus.PROCESSING, RefundStatus.UNKNOWN, null,
                        "gateway_no_answer", Inputs.cut(failure, 500), billing.now());
                if (settled != null) {
                    billing.audit("payment.refund_unknown", "payment", r.paymentId(), null, null,
                            Map.of("refundId", r.id().toString(), "amountMinor", r.amountMinor()), context);
                }
            } else {
                settled = settleRefundFrom(r, RefundStatus.PROCESSING, answer, context);
            }
            return settled == null ? billing.refunds().findByKey(idempotencyKey) : settled;
        });
    }

    private Refund existingRefund(Refund known, String key, String hash) {
        if (!hash.equals(billing.refunds().requestHash(key))) {
            throw new IdempotencyKeyReusedException(key);
        }
        if (known.status() == RefundStatus.PROCESSING) {
            throw new PaymentInProgressException(key);
        }
        return known;
    }

    /** Settles a refund and moves its reserved amount to refunded (approved) or back (declined). */
    private Refund settleRefundFrom(Refund r, RefundStatus expected, GatewayResult answer, CallContext context) {
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

    @Override
    public Optional<Payment> find(UUID id) {
        Objects.requireNonNull(id, "null id");
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
        Objects.requireNonNull(paymentId, "null paymentId");
        return billing.tx.read(() -> billing.refunds().forPayment(paymentId));
    }

    @Override
    public Page<Payment> list(UUID userId, PageRequest page) {
        Objects.requireNonNull(userId, "null userId");
        Objects.requireNonNull(page, "null page");
        Cursors.TimeKey after = Inputs.after(page);
        List<Payment> rows = billing.tx.read(() -> billing.payments().list(userId, after.at(), after.id(), page.limit() + 1));
        return Cursors.page(rows, page.limit(), p -> Cursors.encode(p.createdAt(), p.id()));
    }

    @Override
    public ReconcileReport reconcile(int batchSize, CallContext context) {
        if (batchSize < 1 || batchSize > 1000) {
            throw new ValidationException("batchSize", "must be between 1 and 1000");
        }
        // One transaction holds the claimed rows' locks while the gateway is asked, so two
        // reconcilers never settle the same row; rows another one holds are skipped.
        int[] counts = new int[4];
        billing.tx.run(() -> {
            Instant staleBefore = billing.now().minus(billing.options.staleAfter());
            for (Payment p : billing.payments().claimUnsettled(staleBefore, batchSize)) {
                counts[0]++;
                Optional<GatewayResult> found;
                try {
                    found = gateway.lookupCharge(p.idempotencyKey());
                } catch (RuntimeException e) {
                    if (p.status() == PaymentStatus.PROCESSING) {
                        billing.payments().settle(p.id(), PaymentStatus.PROCESSING, PaymentStatus.UNKNOWN, null,
                                "gateway_no_answer", null, billing.now());
                    }
                    counts[3]++;
                    continue;
                }
                GatewayResult answer = found.orElse(GatewayResult.declined("not_at_gateway",
                        "The gateway has no charge with this idempotency key"));
                Payment settled = settleFrom(p.id(), p.status(), answer);
                counts[answer.approved() ? 1 : 2]++;
                billing.audit("payment.reconciled", "payment", p.id(), Map.of("status", p.status().name()),
                        Map.of("status", settled.status().name()), null, context);
            }
            for (Refund r : billing.refunds().claimUnsettled(staleBefore, batchSize)) {
                counts[0]++;
                Optional<GatewayResult> found;
                try {
                    found = gateway.lookupRefund(r.idempotencyKey());
                } catch (RuntimeException e) {
                    counts[3]++;
                    continue;
                }
                GatewayResult answer = found.orElse(GatewayResult.declined("not_at_gateway",
                        "The gateway has no refund with this idempotency key"));
                settleRefundFrom(r, r.status(), answer, context);
                counts[answer.approved() ? 1 : 2]++;
            }
        });
        if (keyed != null) {
            // Outside the transaction above: finishing a call writes its change (or refunds) on its own.
            keyed.finishSettled(batchSize, context);
        }
        return new ReconcileReport(counts[0], counts[1], counts[2], counts[3]);
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
