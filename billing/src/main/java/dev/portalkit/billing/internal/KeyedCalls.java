package dev.portalkit.billing.internal;

import dev.portalkit.billing.BillingError;
import dev.portalkit.billing.ChangePreview;
import dev.portalkit.billing.IdempotencyKeyReusedException;
import dev.portalkit.billing.Payment;
import dev.portalkit.billing.PaymentActionRequiredException;
import dev.portalkit.billing.PaymentDeclinedException;
import dev.portalkit.billing.PaymentInProgressException;
import dev.portalkit.billing.PaymentOutcomeUnknownException;
import dev.portalkit.billing.PaymentStatus;
import dev.portalkit.billing.Subscription;
import dev.portalkit.billing.SubscriptionExistsException;
import dev.portalkit.billing.SubscriptionStateException;
import dev.portalkit.billing.internal.KeyRow.Operation;
import dev.portalkit.billing.internal.KeyRow.Status;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.ConflictException;
import dev.portalkit.core.PortalException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keyed subscription calls (subscribe, changeTier, reactivate): a key means one call with one set
 * of arguments, and is never applied without its money. Not API.
 *
 * <ol>
 * <li>One transaction looks the key up (a known key is replayed: its result, its refusal, or the rest of
 *     its plan), decides the {@link Plan} from the rows as read, and claims the key STARTED with it. A plan
 *     that charges nothing is applied, and the key DONE, in that same transaction.</li>
 * <li>The charge, under its own key ({@link Charges}: at most one gateway charge per key).</li>
 * <li>One transaction locks the key, writes the planned row (an insert, or a compare-and-set on the
 *     status and version the plan was computed from) and marks the key DONE with the result.</li>
 * </ol>
 * If the row cannot be written (the subscription moved on, or another subscription was created), the key
 * becomes FAILED and the charge is refunded. DONE and FAILED are decided once, under the key's lock, so
 * a captured charge is either applied or given back, never both, whoever finishes the key: the caller,
 * a concurrent caller with the same key, a later retry or {@link #finishSettled reconcile()}.
 */
final class KeyedCalls {

    private static final Logger LOG = LoggerFactory.getLogger(KeyedCalls.class);

    private final BillingContext billing;
    private final Charges charges;
    private final Refunds refunds;

    KeyedCalls(BillingContext billing, Charges charges, Refunds refunds) {
        this.billing = billing;
        this.charges = charges;
        this.refunds = refunds;
    }

    /**
     * Runs the call identified by {@code key}: {@code planner} runs in the claiming transaction, only when
     * the key is new, and throws the call's typed errors (then nothing is written and the key stays free).
     */
    <R> R call(Operation operation, String key, String hash, Class<R> resultType, Supplier<Plan> planner,
               CallContext context) {
        boolean hostTransaction = billing.tx.active();
        record Claimed(KeyRow earlier, Plan plan, Object result) {
        }
        Claimed claimed = billing.tx.call(() -> {
            KeyRow earlier = billing.keys().find(key);
            if (earlier != null) {
                return new Claimed(earlier, null, null);
            }
            Plan plan;
            try {
                plan = planner.get();
            } catch (SubscriptionStateException | SubscriptionExistsException refused) {
                // A copy of this call may have finished between the look-up above and the planner's
                // reads (its subscription is what refuses this one): then it is a replay, not a refusal.
                KeyRow finished = billing.keys().find(key);
                if (finished != null) {
                    return new Claimed(finished, null, null);
                }
                throw refused;
            }
            if (plan.charges() && hostTransaction) {
                // The key and its plan must be committed before the gateway is called.
                throw new PortalException(BillingError.PAYMENT_IN_TRANSACTION, "SubscriptionService." + verb(operation));
            }
            KeyRow row = billing.keys().claim(key, operation, hash, Status.STARTED, plan.paymentFor(), null, Keys.json(plan), null);
            if (row == null) {
                return new Claimed(billing.keys().find(key), null, null); // a concurrent call with this key claimed it first
            }
            if (plan.charges() && billing.payments().findByKey(plan.paymentKey()) != null) {
                // The key is ours, yet its charge exists: the key was used before keys were recorded (billing
                // V3). What it did is not known well enough to apply or replay it.
                throw new IdempotencyKeyReusedException(key);
            }
            return plan.charges() ? new Claimed(null, plan, null)
                    : new Claimed(null, null, apply(key, operation, hash, plan, null, context));
        });
        if (claimed.earlier() != null) {
            return replay(claimed.earlier(), operation, hash, resultType, context);
        }
        if (claimed.result() != null) {
            return resultType.cast(claimed.result());
        }
        return execute(key, operation, hash, claimed.plan(), resultType, context);
    }

    /** A key seen before: the first result, the first refusal, or (STARTED) the rest of the first call's plan. */
    private <R> R replay(KeyRow row, Operation operation, String hash, Class<R> resultType, CallContext context) {
        if (!row.sameCall(operation, hash)) {
            throw new IdempotencyKeyReusedException(row.idempotencyKey());
        }
        return switch (row.status()) {
            case DONE -> Keys.read(row.result(), resultType);
            case FAILED -> throw refusal(row);
            case STARTED -> execute(row.idempotencyKey(), operation, hash, Keys.read(row.plan(), Plan.class), resultType,
                    context);
        };
    }

    /** Steps 2 and 3: the charge, then the change it pays for (or, if that cannot be made any more, the refund). */
    private <R> R execute(String key, Operation operation, String hash, Plan plan, Class<R> resultType,
                          CallContext context) {
        // The same charge for every call that executes this plan: its key and request are the plan's.
        Payment paid = charges.charge(plan.userId(), plan.paymentFor(), null, plan.amountMinor(), plan.currency(),
                plan.description(), plan.paymentKey(), plan.paymentMetadata(), context);
        switch (paid.status()) {
            case SUCCEEDED -> {
            }
            // The key stays STARTED: calling again, or reconcile() once the payment is settled, finishes it.
            case UNKNOWN -> throw new PaymentOutcomeUnknownException(paid);
            case PROCESSING -> throw new PaymentInProgressException(paid.idempotencyKey());
            // The customer must act first (3-D Secure); the key stays STARTED and reconcile() finishes it once the
            // provider's webhook settled the payment (PaymentService.settle).
            case REQUIRES_ACTION -> throw new PaymentActionRequiredException(paid);
            // Declined, or refunded before the change was made: the change has no money.
            case FAILED, PARTIALLY_REFUNDED, REFUNDED -> {
                return fail(key, operation, hash, paid, resultType, null, context);
            }
        }
        try {
            Object done = billing.tx.call(() -> {
                KeyRow row = billing.keys().lock(key);
                return row.status() == Status.STARTED ? apply(key, operation, hash, plan, paid, context) : row;
            });
            return done instanceof KeyRow row ? replay(row, operation, hash, resultType, context) : resultType.cast(done);
        } catch (SubscriptionStateException | SubscriptionExistsException e) {
            return fail(key, operation, hash, paid, resultType, e, context);
        }
    }

    /**
     * Writes the planned row and marks the key DONE with the result, in the caller's transaction (which
     * holds the key's lock or has just claimed it).
     *
     * @throws SubscriptionStateException  when the subscription is no longer at the plan's status and version
     * @throws SubscriptionExistsException when the user has a live subscription (for a new one)
     */
    private Object apply(String key, Operation operation, String hash, Plan plan, Payment paid, CallContext context) {
        Map<String, Object> meta = new LinkedHashMap<>(plan.auditMetadata());
        if (paid != null) {
            meta.put("paymentId", paid.id().toString());
        }
        Subscription written;
        if (plan.expected() == null) {
            if (billing.subscriptions().current(plan.userId()) != null) {
                throw new SubscriptionExistsException(); // checked first: a unique violation would end the transaction
            }
            SubDraft d = SubDraft.of(plan.change());
            d.initialPaymentId = paid == null ? null : paid.id();
            written = billing.subscriptions().insert(d.build()); // user_subscriptions_user_live_key, if a concurrent one won
            billing.audit(plan.auditAction(), "subscription", written.id(), null, SubDraft.state(written),
                    meta.isEmpty() ? null : meta, context);
        } else {
            Subscription before = plan.expected();
            written = billing.subscriptions().update(plan.change(), before.status(), before.version());
            if (written == null) {
                Subscription now = billing.subscriptions().find(before.id());
                throw new SubscriptionStateException(before.id(), now.status(), verb(operation) + " (it changed meanwhile)");
            }
            billing.audit(plan.auditAction(), "subscription", written.id(), SubDraft.state(before),
                    SubDraft.state(written), meta.isEmpty() ? null : meta, context);
        }
        Object result = operation == Operation.CHANGE_TIER ? plan.preview() : written;
        if (billing.keys().decide(key, operation, hash, Status.DONE, written.id(), paid == null ? null : paid.id(),
                Keys.json(result), null) == null) {
            throw new IllegalStateException("Idempotency key " + key + " was decided while this call held it");
        }
        return result;
    }

    /**
     * The plan cannot be applied: decides FAILED (unless a concurrent call with the key applied it first:
     * then its result), gives a captured charge back, and throws {@code cause} or the refusal of the payment.
     */
    private <R> R fail(String key, Operation operation, String hash, Payment paid, Class<R> resultType,
                       PortalException cause, CallContext context) {
        String code = cause != null ? cause.code().id() : paid.status() == PaymentStatus.FAILED ? "declined" : "refunded";
        KeyRow decided = billing.tx.call(() -> billing.keys().decide(key, operation, hash, Status.FAILED, null, paid.id(), null,
                code));
        if (decided == null) {
            KeyRow row = billing.tx.read(() -> billing.keys().find(key));
            if (row.status() == Status.DONE) {
                return Keys.read(row.result(), resultType);
            }
        } else if (paid.status().captured()) {
            giveBack(paid, "its " + verb(operation) + " could not be applied (" + code + ")", context);
        }
        if (cause != null) {
            throw cause;
        }
        throw refusal(paid);
    }

    /** Why a FAILED key is refused again: the decline itself, or the charge that was given back. */
    private PortalException refusal(KeyRow row) {
        return refusal(billing.tx.read(() -> billing.payments().find(row.paymentId()))); // FAILED keys name their charge
    }

    private static PortalException refusal(Payment p) {
        return p.status() == PaymentStatus.FAILED ? new PaymentDeclinedException(p)
                : new ConflictException(BillingError.PAYMENT_REFUNDED, p.id());
    }

    /** Refunds what is left of a charge whose purpose was lost; idempotent per payment. */
    void giveBack(Payment paid, String reason, CallContext context) {
        try {
            Payment now = billing.tx.read(() -> billing.payments().find(paid.id()));
            long left = now.refundableMinor();
            if (left > 0) { // else the host refunded it all already
                refunds.refund(paid.id(), left, "compensation:" + paid.id(), reason, context, false);
            }
        } catch (PortalException e) {
            LOG.error("Could not refund payment {} ({}); refund it by hand: {}", paid.id(), reason, e.getMessage());
        }
    }

    /**
     * Finishes STARTED calls whose charge is settled (their caller saw no answer, or died): applies or
     * gives back each, as the call itself would; and gives back the charges of FAILED keys that a crash
     * kept from being refunded. Returns how many it finished.
     */
    int finishSettled(int limit, CallContext context) {
        int finished = 0;
        for (KeyRow row : billing.tx.read(() -> billing.keys().startedAndSettled(limit))) {
            try {
                replay(row, row.operation(), row.requestHash(), resultType(row.operation()), context);
                finished++;
            } catch (PortalException e) {
                if (billing.tx.read(() -> billing.keys().find(row.idempotencyKey())).status() != Status.STARTED) {
                    finished++; // refused (declined, moved on): decided and given back
                } else {
                    LOG.warn("Keyed call {} could not be finished yet: {}", row.idempotencyKey(), e.getMessage());
                }
            }
        }
        for (KeyRow row : billing.tx.read(() -> billing.keys().failedNotGivenBack(limit))) {
            Payment paid = billing.tx.read(() -> billing.payments().find(row.paymentId()));
            giveBack(paid, "its key " + row.idempotencyKey() + " failed (" + row.failureCode() + ")", context);
            finished++;
        }
        return finished;
    }

    private static Class<?> resultType(Operation operation) {
        return operation == Operation.CHANGE_TIER ? ChangePreview.class : Subscription.class;
    }

    private static String verb(Operation operation) {
        return switch (operation) {
            case SUBSCRIBE -> "subscribe";
            case CHANGE_TIER -> "changeTier";
            case REACTIVATE -> "reactivate";
            default -> operation.name();
        };
    }
}
