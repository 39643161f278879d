package dev.portalkit.billing.internal;

import dev.portalkit.billing.BillingError;
import dev.portalkit.billing.Payment;
import dev.portalkit.billing.PaymentInProgressException;
import dev.portalkit.billing.PaymentStatus;
import dev.portalkit.billing.PricingTier;
import dev.portalkit.billing.RenewalReport;
import dev.portalkit.billing.Subscription;
import dev.portalkit.billing.SubscriptionStatus;
import dev.portalkit.billing.internal.KeyRow.Operation;
import dev.portalkit.billing.internal.KeyRow.Status;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.PortalException;
import dev.portalkit.core.spi.Validation;
import dev.portalkit.core.spi.Values;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The renewal job of {@link DefaultSubscriptionService}. Each due row is claimed with a lease, its period
 * charged under {@code renewal:{subscription}:{periodStart}} (retries add {@code :retry-n}), and the result
 * written with a compare-and-set on the status and period the worker claimed. A captured renewal charge is
 * applied or given back, decided once on its key in idempotency_keys (RENEWAL), in the transaction that
 * applies it: so a worker whose lease ran out and another that took over never both apply it, and never
 * refund a charge the other applied. Not API.
 */
final class Renewals {

    private static final Logger LOG = LoggerFactory.getLogger(Renewals.class);
    private static final CallContext RENEWAL = CallContext.system("subscription-renewal");

    /** The renewals counter; its {@code result} tag is an outcome in lower case, as RenewalReport names them. */
    static final String RENEWALS = "portalkit.billing.renewals";

    private enum Outcome { RENEWED, DECLINED, UNPAID, CANCELED, UNKNOWN }

    /** What charging one period came to. */
    private sealed interface PeriodCharge {

        /** The charge; {@code null} when none was made. */
        default Payment payment() {
            return null;
        }

        /** Whether the period is paid for: captured, or nothing to pay. */
        default boolean paid() {
            return true;
        }
    }

    /** Nothing to charge (a free tier). */
    private record Free() implements PeriodCharge {
    }

    /** The gateway captured the charge. */
    private record Captured(Payment payment) implements PeriodCharge {
    }

    /** The gateway declined the charge (FAILED). */
    private record Declined(Payment payment) implements PeriodCharge {

        @Override
        public boolean paid() {
            return false;
        }
    }

    /**
     * No outcome yet: the gateway gave no answer (UNKNOWN), a call with the key is still in flight, or the
     * period has a charge already. Nothing is written; the claim runs out and a later run replays the key.
     */
    private record Pending() implements PeriodCharge {
    }

    /** Rolls back a renewal's transaction (and its key's DONE) when the row moved on. */
    private static final class NotApplied extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotApplied() {
            super(null, null, false, false);
        }
    }

    private final BillingContext billing;
    private final Charges charges;
    private final KeyedCalls keyed;

    Renewals(BillingContext billing, Charges charges, KeyedCalls keyed) {
        this.billing = billing;
        this.charges = charges;
        this.keyed = keyed;
    }

    RenewalReport renewDue(Instant at, int batchSize) {
        Instant now = Values.stored(at); // as the rows it writes will hold it
        new Validation().instant("now", now)
                .check("batchSize", batchSize >= 1 && batchSize <= 1000, "must be between 1 and 1000")
                .throwIfInvalid();
        billing.refuseInTransaction("SubscriptionService.renewDue");
        List<Subscription> claimed = billing.tx.call(() ->
                billing.subscriptions().claimDue(now, now.plus(billing.options.renewalLease()), batchSize));
        Tally<Outcome> counts = new Tally<>(Outcome.class);
        for (Subscription s : claimed) {
            Outcome outcome;
            try {
                outcome = renew(s, now);
            } catch (PortalException e) {
                // The claim runs out and another run tries again; the idempotency key prevents a second charge.
                LOG.warn("Renewing subscription {} failed; it is retried when its claim expires: {}", s.id(), e.getMessage());
                outcome = Outcome.UNKNOWN;
            }
            counts.add(outcome);
            billing.count(RENEWALS, outcome.name().toLowerCase(Locale.ROOT), 1); // each renewal commits on its own
        }
        return new RenewalReport(claimed.size(), counts.get(Outcome.RENEWED), counts.get(Outcome.DECLINED),
                counts.get(Outcome.UNPAID), counts.get(Outcome.CANCELED), counts.get(Outcome.UNKNOWN));
    }

    private Outcome renew(Subscription s, Instant now) {
        if ((s.status() == SubscriptionStatus.ACTIVE || s.status() == SubscriptionStatus.TRIALING) && s.cancelAtPeriodEnd()) {
            Subscription after = apply(s, null, new Free(), fresh -> {
                SubDraft d = SubDraft.of(fresh);
                d.status = SubscriptionStatus.CANCELED;
                d.endedAt = fresh.currentPeriodEnd();
                d.nextChargeAt = null;
                d.pendingTierId = null;
                return d;
            }, "subscription.canceled", Map.of("reason", "period_end"));
            return after == null ? Outcome.UNKNOWN : Outcome.CANCELED;
        }
        if (s.status() == SubscriptionStatus.PAST_DUE) {
            return retry(s, now);
        }
        // TRIALING or ACTIVE at the end of its period: charge the next one.
        SubDraft next = SubDraft.of(s);
        PricingTier pending = s.pendingTierId() == null ? null : billing.tx.read(() -> billing.tiers().findAny(s.pendingTierId()));
        boolean reanchor = false;
        if (pending != null) {
            reanchor = pending.billingInterval() != s.billingInterval() || pending.intervalCount() != s.intervalCount();
            next.price(pending);
            next.pendingTierId = null;
        }
        ZoneId zone = ZoneId.of(s.billingZone());
        if (s.status() == SubscriptionStatus.TRIALING || reanchor) {
            next.anchorAt = s.currentPeriodEnd();
            next.periodIndex = 0;
        } else {
            next.periodIndex = s.periodIndex() + 1;
        }
        next.currentPeriodStart = s.currentPeriodEnd();
        next.currentPeriodEnd = Periods.end(next.anchorAt, zone, next.billingInterval, next.intervalCount, next.periodIndex);
        String key = "renewal:" + s.id() + ":" + next.currentPeriodStart;
        PeriodCharge charge = charge(s, next.currentPeriodStart, next.amountMinor, next.currency, key);
        if (charge instanceof Pending) {
            return Outcome.UNKNOWN; // reconcile() settles it; the next run replays the same key
        }
        boolean paid = charge.paid();
        Subscription after = apply(s, key, charge, fresh -> {
            SubDraft d = SubDraft.of(fresh);
            d.tierId = next.tierId;
            d.amountMinor = next.amountMinor;
            d.currency = next.currency;
            d.billingInterval = next.billingInterval;
            d.intervalCount = next.intervalCount;
            d.pendingTierId = null;
            d.anchorAt = next.anchorAt;
            d.periodIndex = next.periodIndex;
            d.currentPeriodStart = next.currentPeriodStart;
            d.currentPeriodEnd = next.currentPeriodEnd;
            d.retryCount = 0;
            if (paid) {
                d.status = SubscriptionStatus.ACTIVE;
                d.nextChargeAt = next.currentPeriodEnd;
                d.pastDueSince = null;
            } else {
                d.status = SubscriptionStatus.PAST_DUE;
                d.pastDueSince = now;
                d.nextChargeAt = now.plus(billing.options.retrySchedule().get(0));
            }
            return d;
        }, paid ? "subscription.renewed" : "subscription.past_due", paymentMeta(charge));
        if (after == null) {
            giveBackIfNotApplied(s, key, charge);
            return Outcome.UNKNOWN;
        }
        return paid ? Outcome.RENEWED : Outcome.DECLINED;
    }

    private Outcome retry(Subscription s, Instant now) {
        int attempt = s.retryCount() + 1;
        String key = "renewal:" + s.id() + ":" + s.currentPeriodStart() + ":retry-" + attempt;
        PeriodCharge charge = charge(s, s.currentPeriodStart(), s.amountMinor(), s.currency(), key);
        if (charge instanceof Pending) {
            return Outcome.UNKNOWN;
        }
        boolean paid = charge.paid();
        List<Duration> schedule = billing.options.retrySchedule();
        boolean exhausted = !paid && attempt >= schedule.size();
        SubscriptionStatus after = paid ? SubscriptionStatus.ACTIVE : exhausted ? billing.options.afterRetries()
                : SubscriptionStatus.PAST_DUE;
        Subscription done = apply(s, key, charge, fresh -> {
            SubDraft d = SubDraft.of(fresh);
            d.status = after;
            d.retryCount = paid ? 0 : attempt;
            if (paid) {
                d.pastDueSince = null;
                d.nextChargeAt = fresh.currentPeriodEnd();
            } else if (!exhausted) {
                d.nextChargeAt = fresh.pastDueSince().plus(schedule.get(attempt));
            } else {
                d.nextChargeAt = null;
                if (after == SubscriptionStatus.CANCELED) {
                    d.canceledAt = now;
                    d.endedAt = now;
                }
            }
            return d;
        }, paid ? "subscription.renewed" : exhausted ? "subscription." + after.name().toLowerCase() : "subscription.retry_declined",
                paymentMeta(charge));
        if (done == null) {
            giveBackIfNotApplied(s, key, charge);
            return Outcome.UNKNOWN;
        }
        return paid ? Outcome.RENEWED : exhausted ? Outcome.UNPAID : Outcome.DECLINED;
    }

    /**
     * A captured renewal charge that this worker could not apply (the subscription changed while it was
     * charged: canceled now, reactivated, re-anchored by an upgrade): given back, unless its key was decided
     * already (another worker with the same key applied it, or gave it back).
     */
    private void giveBackIfNotApplied(Subscription s, String key, PeriodCharge charge) {
        if (!(charge instanceof Captured captured)) {
            return;
        }
        Payment p = captured.payment();
        KeyRow decided = billing.tx.call(() -> billing.keys().decide(key, Operation.RENEWAL,
                hash(p), Status.FAILED, s.id(), p.id(), null, "moved_on"));
        if (decided != null) {
            keyed.giveBack(p, "the subscription changed while its renewal was charged", RENEWAL);
        } else {
            LOG.warn("Renewal payment {} of subscription {} was applied by another worker", p.id(), s.id());
        }
    }

    /** What a renewal key's one decision is about: applying this payment. */
    private static String hash(Payment p) {
        return Inputs.sha256("renewal", p.id());
    }

    /** Charges one period ({@link Free} when there is nothing to charge). */
    private PeriodCharge charge(Subscription s, Instant periodStart, long amount, String currency, String key) {
        if (amount == 0) {
            return new Free();
        }
        Payment p;
        try {
            p = charges.charge(s.userId(), s.id(), periodStart, amount, currency, "Subscription renewal", key,
                    Map.of(), RENEWAL);
        } catch (PaymentInProgressException e) {
            return new Pending();
        } catch (PortalException e) {
            if (e.code() == BillingError.PERIOD_ALREADY_CHARGED) {
                LOG.error("Subscription {} already has a charge for the period starting {}; not charging again", s.id(), periodStart);
                return new Pending();
            }
            throw e;
        }
        if (p.status().captured()) {
            return new Captured(p);
        }
        return p.status() == PaymentStatus.FAILED ? new Declined(p) : new Pending();
    }

    /**
     * Writes a renewal's result onto the row if it is still in the state the worker claimed (same status
     * and period); a user's concurrent change of other fields (cancel at period end) is kept. A captured
     * charge's key is decided DONE in the same transaction; {@code null} (nothing written) when the row
     * moved on or the key was decided before.
     */
    private Subscription apply(Subscription claimed, String key, PeriodCharge charge,
                               Function<Subscription, SubDraft> change, String action, Map<String, Object> metadata) {
        Payment money = charge instanceof Captured captured ? captured.payment() : null;
        try {
            return billing.tx.call(() -> {
                if (money != null && billing.keys().decide(key, Operation.RENEWAL, hash(money), Status.DONE,
                        claimed.id(), money.id(), null, null) == null) {
                    return null; // decided before: applied by another worker, or given back
                }
                for (int attempt = 0; attempt < 3; attempt++) {
                    Subscription fresh = billing.subscriptions().find(claimed.id());
                    if (fresh.status() != claimed.status()
                            || !fresh.currentPeriodStart().equals(claimed.currentPeriodStart())) {
                        LOG.warn("Subscription {} changed while it was renewed ({} -> {}); leaving it", claimed.id(),
                                claimed.status(), fresh.status());
                        throw new NotApplied();
                    }
                    SubDraft d = change.apply(fresh);
                    if (claimed.cancelAtPeriodEnd() != fresh.cancelAtPeriodEnd() && d.status == SubscriptionStatus.CANCELED) {
                        throw new NotApplied(); // resumed meanwhile: the next run renews it instead
                    }
                    Subscription after = billing.subscriptions().update(d.build(), fresh.status(), fresh.version());
                    if (after != null) {
                        billing.audit(action, "subscription", after.id(), SubDraft.state(fresh), SubDraft.state(after),
                                metadata, RENEWAL);
                        return after;
                    }
                }
                throw new NotApplied();
            });
        } catch (NotApplied e) {
            return null;
        }
    }

    private static Map<String, Object> paymentMeta(PeriodCharge charge) {
        Payment p = charge.payment();
        return p == null ? null : Map.of("paymentId", p.id().toString(), "paymentStatus", p.status().name());
    }
}
