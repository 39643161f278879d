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

    private enum Outcome { RENEWED, DECLINED, UNPAID, CANCELED, UNKNOWN }

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
        int[] counts = new int[Outcome.values().length];
        for (Subscription s : claimed) {
            try {
                counts[renew(s, now).ordinal()]++;
            } catch (PortalException e) {
                // The claim runs out and another run tries again; the idempotency key prevents a second charge.
                LOG.warn("Renewing subscription {} failed; it is retried when its claim expires: {}", s.id(), e.getMessage());
                counts[Outcome.UNKNOWN.ordinal()]++;
            }
        }
        return new RenewalReport(claimed.size(), counts[0], counts[1], counts[2], counts[3], counts[4]);
    }

    private Outcome renew(Subscription s, Instant now) {
        if ((s.status() == SubscriptionStatus.ACTIVE || s.status() == SubscriptionStatus.TRIALING) && s.cancelAtPeriodEnd()) {
            Subscription after = apply(s, null, null, fresh -> {
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
        Payment p = next.amountMinor == 0 ? null : charge(s, next.currentPeriodStart, next.amountMinor, next.currency, key);
        if (p != null && p.status() != PaymentStatus.FAILED && !p.status().captured()) {
            return Outcome.UNKNOWN; // reconcile() settles it; the next run replays the same key
        }
        boolean paid = p == null || p.status().captured();
        Subscription after = apply(s, key, p, fresh -> {
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
        }, paid ? "subscription.renewed" : "subscription.past_due", paymentMeta(p));
        if (after == null) {
            giveBackIfNotApplied(s, key, p);
            return Outcome.UNKNOWN;
        }
        return paid ? Outcome.RENEWED : Outcome.DECLINED;
    }

    private Outcome retry(Subscription s, Instant now) {
        int attempt = s.retryCount() + 1;
        String key = "renewal:" + s.id() + ":" + s.currentPeriodStart() + ":retry-" + attempt;
        Payment p = s.amountMinor() == 0 ? null : charge(s, s.currentPeriodStart(), s.amountMinor(), s.currency(), key);
        if (p != null && p.status() != PaymentStatus.FAILED && !p.status().captured()) {
            return Outcome.UNKNOWN;
        }
        boolean paid = p == null || p.status().captured();
        List<Duration> schedule = billing.options.retrySchedule();
        boolean exhausted = !paid && attempt >= schedule.size();
        SubscriptionStatus after = paid ? SubscriptionStatus.ACTIVE : exhausted ? billing.options.afterRetries()
                : SubscriptionStatus.PAST_DUE;
        Subscription done = apply(s, key, p, fresh -> {
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
                paymentMeta(p));
        if (done == null) {
            giveBackIfNotApplied(s, key, p);
            return Outcome.UNKNOWN;
        }
        return paid ? Outcome.RENEWED : exhausted ? Outcome.UNPAID : Outcome.DECLINED;
    }

    /**
     * A captured renewal charge that this worker could not apply (the subscription changed while it was
     * charged: canceled now, reactivated, re-anchored by an upgrade): given back, unless its key was decided
     * already (another worker with the same key applied it, or gave it back).
     */
    private void giveBackIfNotApplied(Subscription s, String key, Payment p) {
        if (p == null || p.id() == null || !p.status().captured()) {
            return;
        }
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

    /** The charge of one period, or a PROCESSING stand-in after logging when it could not be made now. */
    private Payment charge(Subscription s, Instant periodStart, long amount, String currency, String key) {
        try {
            return charges.charge(s.userId(), s.id(), periodStart, amount, currency, "Subscription renewal", key,
                    Map.of(), RENEWAL);
        } catch (PaymentInProgressException e) {
            return inProgress(s);
        } catch (PortalException e) {
            if (e.code() == BillingError.PERIOD_ALREADY_CHARGED) {
                LOG.error("Subscription {} already has a charge for the period starting {}; not charging again", s.id(), periodStart);
                return inProgress(s);
            }
            throw e;
        }
    }

    private static Payment inProgress(Subscription s) {
        return new Payment(null, s.userId(), s.id(), null, null, 1, s.currency(), null, PaymentStatus.PROCESSING, 0, 0,
                null, null, null, null, Map.of(), null, null);
    }

    /**
     * Writes a renewal's result onto the row if it is still in the state the worker claimed (same status
     * and period); a user's concurrent change of other fields (cancel at period end) is kept. A captured
     * charge's key is decided DONE in the same transaction; {@code null} (nothing written) when the row
     * moved on or the key was decided before.
     */
    private Subscription apply(Subscription claimed, String key, Payment p, Function<Subscription, SubDraft> change,
                               String action, Map<String, Object> metadata) {
        boolean money = p != null && p.id() != null && p.status().captured();
        try {
            return billing.tx.call(() -> {
                if (money && billing.keys().decide(key, Operation.RENEWAL, hash(p), Status.DONE,
                        claimed.id(), p.id(), null, null) == null) {
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

    private static Map<String, Object> paymentMeta(Payment p) {
        return p == null || p.id() == null ? null : Map.of("paymentId", p.id().toString(), "paymentStatus", p.status().name());
    }
}
