package dev.portalkit.billing.internal;

import dev.portalkit.billing.BillingError;
import dev.portalkit.billing.BillingInterval;
import dev.portalkit.billing.ChangePreview;
import dev.portalkit.billing.ChangePreview.Timing;
import dev.portalkit.billing.NewSubscription;
import dev.portalkit.billing.Payment;
import dev.portalkit.billing.PaymentDeclinedException;
import dev.portalkit.billing.PaymentInProgressException;
import dev.portalkit.billing.PaymentOutcomeUnknownException;
import dev.portalkit.billing.PaymentStatus;
import dev.portalkit.billing.PricingTier;
import dev.portalkit.billing.RenewalReport;
import dev.portalkit.billing.Subscription;
import dev.portalkit.billing.SubscriptionExistsException;
import dev.portalkit.billing.SubscriptionService;
import dev.portalkit.billing.SubscriptionStateException;
import dev.portalkit.billing.SubscriptionStatus;
import dev.portalkit.billing.TierNotAvailableException;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.ConflictException;
import dev.portalkit.core.NotFoundException;
import dev.portalkit.core.PortalException;
import dev.portalkit.core.ValidationException;
import dev.portalkit.core.spi.Validation;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Not API: create through the Portal. Every change is computed in Java from the row as read and
 * written with one compare-and-set ({@code WHERE status = expected AND version = expected}); a
 * call that loses gets a {@link SubscriptionStateException}. Charges go through
 * {@link DefaultPaymentService}, whose idempotency keys make every step safe to repeat.
 */
public final class DefaultSubscriptionService implements SubscriptionService {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultSubscriptionService.class);
    private static final int MAX_KEY = 150;
    private static final Duration MAX_QUOTE_AGE = Duration.ofHours(1);
    private static final CallContext RENEWAL = CallContext.system("subscription-renewal");

    private final BillingContext billing;
    private final DefaultPaymentService payments;

    DefaultSubscriptionService(BillingContext billing, DefaultPaymentService payments) {
        this.billing = billing;
        this.payments = payments;
    }

    // ------------------------------------------------------------------------------------------
    // subscribe

    @Override
    public Subscription subscribe(NewSubscription r, CallContext context) {
        Objects.requireNonNull(r, "null request");
        // Everything the subscription row will hold is checked before any charge: a write that
        // fails after the gateway took the money would leave a paid-for nothing.
        Validation v = new Validation().notNull("userId", r.userId()).notNull("tierId", r.tierId())
                .json("metadata", r.metadata());
        Inputs.idempotencyKey(v, "idempotencyKey", r.idempotencyKey(), MAX_KEY);
        v.throwIfInvalid();
        ZoneId zone = r.billingZone() != null ? r.billingZone() : billing.options.defaultBillingZone();
        String key = "subscribe:" + r.idempotencyKey();
        record Plan(PricingTier tier, Subscription replay) {
        }
        Plan plan = billing.tx.call(() -> {
            billing.requireUser(r.userId());
            PricingTier tier = billing.tiers().find(r.tierId());
            if (tier == null) {
                throw new NotFoundException("PricingTier", r.tierId());
            }
            Subscription live = billing.subscriptions().current(r.userId());
            if (live != null) {
                Payment first = billing.payments().findByKey(key);
                if (first != null && first.id().equals(live.initialPaymentId())) {
                    return new Plan(tier, live); // the same call again
                }
                throw new SubscriptionExistsException();
            }
            if (!tier.sellable()) {
                throw new TierNotAvailableException(tier.code());
            }
            return new Plan(tier, null);
        });
        if (plan.replay() != null) {
            return plan.replay();
        }
        PricingTier tier = plan.tier();
        Instant now = billing.now();
        SubDraft d = new SubDraft();
        d.userId = r.userId();
        d.price(tier);
        d.billingZone = zone.getId();
        d.metadata = r.metadata();
        if (tier.trialDays() > 0) {
            Instant trialEnd = now.atZone(zone).plusDays(tier.trialDays()).toInstant();
            d.status = SubscriptionStatus.TRIALING;
            d.anchorAt = trialEnd;
            d.currentPeriodStart = now;
            d.currentPeriodEnd = trialEnd;
            d.trialEnd = trialEnd;
            d.nextChargeAt = trialEnd;
            return insert(d, null, context);
        }
        Payment paid = null;
        if (tier.amountMinor() > 0) {
            billing.refuseInTransaction("SubscriptionService.subscribe");
            paid = requireCaptured(payments.charge(r.userId(), null, null, tier.amountMinor(), tier.currency(),
                    "Subscription: " + tier.name(), key, Map.of("tierId", tier.id().toString()), context));
        }
        d.status = SubscriptionStatus.ACTIVE;
        d.anchorAt = now;
        d.currentPeriodStart = now;
        d.currentPeriodEnd = Periods.end(now, zone, tier.billingInterval(), tier.intervalCount(), 0);
        d.nextChargeAt = d.currentPeriodEnd;
        d.initialPaymentId = paid == null ? null : paid.id();
        try {
            return insert(d, paid, context);
        } catch (SubscriptionExistsException e) {
            // A concurrent subscribe (another key) won after we charged: give the money back.
            refundLoser(paid, "a concurrent subscribe created the user's subscription first", context);
            throw e;
        }
    }

    /** Refunds a charge whose purpose was lost to a concurrent call; idempotent per payment. */
    private void refundLoser(Payment paid, String reason, CallContext context) {
        if (paid == null) {
            return;
        }
        try {
            payments.refund(paid.id(), paid.amountMinor(), "compensation:" + paid.id(), reason, context);
        } catch (PortalException e) {
            LOG.error("Could not refund payment {} ({}); refund it by hand: {}", paid.id(), reason, e.getMessage());
        }
    }

    private Subscription insert(SubDraft d, Payment paid, CallContext context) {
        return billing.tx.call(() -> {
            if (paid != null) {
                Subscription live = billing.subscriptions().current(d.userId);
                if (live != null && paid.id().equals(live.initialPaymentId())) {
                    return live; // a concurrent call with the same key created it
                }
            }
            Subscription s = billing.subscriptions().insert(d.build()); // user_subscriptions_user_live_key
            billing.audit("subscription.created", "subscription", s.id(), null, state(s),
                    paid == null ? null : Map.of("paymentId", paid.id().toString()), context);
            return s;
        });
    }

    private static Payment requireCaptured(Payment p) {
        return switch (p.status()) {
            case SUCCEEDED -> p;
            case PARTIALLY_REFUNDED, REFUNDED -> throw new ConflictException(BillingError.PAYMENT_REFUNDED, p.id());
            case FAILED -> throw new PaymentDeclinedException(p);
            case UNKNOWN -> throw new PaymentOutcomeUnknownException(p);
            case PROCESSING -> throw new PaymentInProgressException(p.idempotencyKey());
        };
    }

    // ------------------------------------------------------------------------------------------
    // reads

    @Override
    public Optional<Subscription> find(UUID id) {
        Objects.requireNonNull(id, "null id");
        return Optional.ofNullable(billing.tx.read(() -> billing.subscriptions().find(id)));
    }

    @Override
    public Optional<Subscription> current(UUID userId) {
        Objects.requireNonNull(userId, "null userId");
        return Optional.ofNullable(billing.tx.read(() -> billing.subscriptions().current(userId)));
    }

    @Override
    public List<Subscription> history(UUID userId) {
        Objects.requireNonNull(userId, "null userId");
        return billing.tx.read(() -> billing.subscriptions().history(userId));
    }

    @Override
    public boolean hasAccess(UUID userId) {
        return current(userId).map(s -> hasAccess(s, billing.now())).orElse(false);
    }

    /**
     * TRIALING or ACTIVE: within the period (plus the grace period while a renewal is due, so a late
     * renewal job cuts nobody off; never past the end when cancellation was asked for). PAST_DUE:
     * within the grace period after the first decline.
     */
    boolean hasAccess(Subscription s, Instant now) {
        return switch (s.status()) {
            case TRIALING, ACTIVE -> s.currentPeriodEnd() == null || now.isBefore(s.cancelAtPeriodEnd()
                    ? s.currentPeriodEnd() : s.currentPeriodEnd().plus(billing.options.gracePeriod()));
            case PAST_DUE -> s.pastDueSince() != null && now.isBefore(s.pastDueSince().plus(billing.options.gracePeriod()));
            case UNPAID, CANCELED -> false;
        };
    }

    // ------------------------------------------------------------------------------------------
    // cancel / resume

    @Override
    public Subscription cancel(UUID id, boolean atPeriodEnd, CallContext context) {
        Objects.requireNonNull(id, "null id");
        return billing.tx.call(() -> {
            Subscription s = require(id);
            Instant now = billing.now();
            SubDraft d = SubDraft.of(s);
            if (atPeriodEnd) {
                boolean periodic = s.currentPeriodEnd() != null;
                if (!periodic || (s.status() != SubscriptionStatus.TRIALING && s.status() != SubscriptionStatus.ACTIVE)
                        || !now.isBefore(s.currentPeriodEnd())) {
                    throw new SubscriptionStateException(id, s.status(), "be canceled at the end of its period");
                }
                if (s.cancelAtPeriodEnd()) {
                    return s;
                }
                d.cancelAtPeriodEnd = true;
                d.canceledAt = now;
                d.pendingTierId = null;
            } else {
                if (!s.status().canMoveTo(SubscriptionStatus.CANCELED)) {
                    throw new SubscriptionStateException(id, s.status(), "be canceled");
                }
                d.status = SubscriptionStatus.CANCELED;
                d.canceledAt = now;
                d.endedAt = now;
                d.nextChargeAt = null;
                d.pendingTierId = null;
            }
            Subscription after = cas(s, d, "be canceled");
            billing.audit(atPeriodEnd ? "subscription.cancel_scheduled" : "subscription.canceled", "subscription", id,
                    state(s), state(after), null, context);
            return after;
        });
    }

    @Override
    public Subscription resume(UUID id, CallContext context) {
        Objects.requireNonNull(id, "null id");
        return billing.tx.call(() -> {
            Subscription s = require(id);
            if (!s.cancelAtPeriodEnd() || s.status() == SubscriptionStatus.CANCELED
                    || !billing.now().isBefore(s.currentPeriodEnd())) {
                throw new SubscriptionStateException(id, s.status(),
                        "be resumed (only a cancel-at-period-end before the period ends can be taken back)");
            }
            SubDraft d = SubDraft.of(s);
            d.cancelAtPeriodEnd = false;
            d.canceledAt = null;
            Subscription after = cas(s, d, "be resumed");
            billing.audit("subscription.resumed", "subscription", id, state(s), state(after), null, context);
            return after;
        });
    }

    // ------------------------------------------------------------------------------------------
    // reactivate

    @Override
    public Subscription reactivate(UUID id, String idempotencyKey, CallContext context) {
        Objects.requireNonNull(id, "null id");
        Inputs.idempotencyKey(new Validation(), "idempotencyKey", idempotencyKey, MAX_KEY).throwIfInvalid();
        Subscription s = find(id).orElseThrow(() -> new NotFoundException("Subscription", id));
        if (s.status() != SubscriptionStatus.PAST_DUE && s.status() != SubscriptionStatus.UNPAID) {
            throw new SubscriptionStateException(id, s.status(), "be reactivated (only PAST_DUE or UNPAID can)");
        }
        Payment paid = null;
        if (s.amountMinor() > 0) {
            billing.refuseInTransaction("SubscriptionService.reactivate");
            paid = requireCaptured(payments.charge(s.userId(), s.id(), null, s.amountMinor(), s.currency(),
                    "Subscription reactivated", "reactivate:" + id + ":" + idempotencyKey, Map.of(), context));
        }
        Payment payment = paid;
        return billing.tx.call(() -> {
            Subscription fresh = require(id);
            if (fresh.status() != s.status() || fresh.version() != s.version()) {
                if (fresh.status() == SubscriptionStatus.ACTIVE) {
                    return fresh;
                }
                throw new SubscriptionStateException(id, fresh.status(), "be reactivated");
            }
            Instant now = billing.now();
            SubDraft d = SubDraft.of(fresh);
            d.status = SubscriptionStatus.ACTIVE;
            startPeriodAt(d, now);
            Subscription after = cas(fresh, d, "be reactivated");
            billing.audit("subscription.reactivated", "subscription", id, state(fresh), state(after),
                    payment == null ? null : Map.of("paymentId", payment.id().toString()), context);
            return after;
        });
    }

    private static void startPeriodAt(SubDraft d, Instant now) {
        d.anchorAt = now;
        d.periodIndex = 0;
        d.currentPeriodStart = now;
        d.currentPeriodEnd = Periods.end(now, ZoneId.of(d.billingZone), d.billingInterval, d.intervalCount, 0);
        d.nextChargeAt = d.currentPeriodEnd;
        d.pastDueSince = null;
        d.retryCount = 0;
    }

    // ------------------------------------------------------------------------------------------
    // change tier

    @Override
    public ChangePreview previewChange(UUID id, UUID newTierId) {
        Objects.requireNonNull(id, "null id");
        // Read-only (subscription, then tier): no common snapshot needed, a commit checks the quote again.
        return billing.tx.read(() -> {
            Subscription s = require(id);
            return preview(s, target(s, newTierId), billing.now());
        });
    }

    private PricingTier target(Subscription s, UUID newTierId) {
        if (newTierId == null) {
            throw new ValidationException("newTierId", "is required");
        }
        PricingTier t = billing.tiers().find(newTierId);
        if (t == null) {
            throw new NotFoundException("PricingTier", newTierId);
        }
        if (!t.sellable()) {
            throw new TierNotAvailableException(t.code());
        }
        Validation v = new Validation()
                .check("newTierId", !t.id().equals(s.tierId()), "is the subscription's tier already")
                .check("newTierId", t.currency().equals(s.currency()), "must be priced in " + s.currency() + " like the subscription")
                .check("newTierId", t.billingInterval() != BillingInterval.ONE_TIME && s.billingInterval() != BillingInterval.ONE_TIME,
                        "cannot change to or from a ONE_TIME tier");
        v.throwIfInvalid();
        if (s.status() != SubscriptionStatus.TRIALING && s.status() != SubscriptionStatus.ACTIVE) {
            throw new SubscriptionStateException(s.id(), s.status(), "change tier");
        }
        return t;
    }

    ChangePreview preview(Subscription s, PricingTier t, Instant now) {
        if (s.status() == SubscriptionStatus.TRIALING) {
            return new ChangePreview(s.id(), s.tierId(), t.id(), Timing.IN_TRIAL, now, now, List.of(), 0, s.currency());
        }
        if (!isUpgrade(s, t)) {
            return new ChangePreview(s.id(), s.tierId(), t.id(), Timing.AT_PERIOD_END, now, s.currentPeriodEnd(),
                    List.of(), 0, s.currency());
        }
        boolean restarts = restarts(s, t);
        Proration.Result r = Proration.upgrade(s.amountMinor(), t.amountMinor(), s.currentPeriodStart(),
                s.currentPeriodEnd(), now, restarts);
        return new ChangePreview(s.id(), s.tierId(), t.id(), Timing.IMMEDIATE, now, now, r.items(), r.total(),
                s.currency());
    }

    /** A higher price per month is an upgrade (compared exactly: a * m' > a' * m). */
    private static boolean isUpgrade(Subscription s, PricingTier t) {
        BigInteger newPerOld = BigInteger.valueOf(t.amountMinor()).multiply(BigInteger.valueOf(Periods.months(s.billingInterval(), s.intervalCount())));
        BigInteger oldPerNew = BigInteger.valueOf(s.amountMinor()).multiply(BigInteger.valueOf(Periods.months(t.billingInterval(), t.intervalCount())));
        return newPerOld.compareTo(oldPerNew) > 0;
    }

    private static boolean restarts(Subscription s, PricingTier t) {
        return s.billingInterval() != t.billingInterval() || s.intervalCount() != t.intervalCount();
    }

    @Override
    public ChangePreview changeTier(UUID id, UUID newTierId, String idempotencyKey, CallContext context) {
        return change(id, newTierId, null, idempotencyKey, context);
    }

    @Override
    public ChangePreview changeTier(ChangePreview quote, String idempotencyKey, CallContext context) {
        Objects.requireNonNull(quote, "null quote");
        Instant now = billing.now();
        if (quote.at().isAfter(now) || quote.at().isBefore(now.minus(MAX_QUOTE_AGE))) {
            throw new ValidationException("quote", "must come from previewChange at most "
                    + MAX_QUOTE_AGE.toMinutes() + " minutes ago");
        }
        return change(quote.subscriptionId(), quote.toTierId(), quote, idempotencyKey, context);
    }

    private ChangePreview change(UUID id, UUID newTierId, ChangePreview quote, String idempotencyKey,
                                 CallContext context) {
        Objects.requireNonNull(id, "null id");
        Inputs.idempotencyKey(new Validation(), "idempotencyKey", idempotencyKey, MAX_KEY).throwIfInvalid();
        String key = "change:" + id + ":" + idempotencyKey;
        record Plan(Subscription s, PricingTier t, ChangePreview preview, Payment earlier) {
        }
        Plan plan = billing.tx.call(() -> {
            Subscription s = require(id);
            Payment earlier = billing.payments().findByKey(key);
            if (earlier != null) {
                requireCaptured(earlier);
                PricingTier t = billing.tiers().findAny(newTierId);
                if (t == null) {
                    throw new NotFoundException("PricingTier", newTierId);
                }
                return new Plan(s, t, null, earlier);
            }
            PricingTier t = target(s, newTierId);
            ChangePreview p = preview(s, t, quote == null ? billing.now() : quote.at());
            if (quote != null && !p.equals(quote)) {
                throw new SubscriptionStateException(id, s.status(), "change tier at the quoted amounts (it changed since)");
            }
            return new Plan(s, t, p, null);
        });
        if (plan.earlier() != null) {
            // The same call again: the charge is settled; make sure the change is applied once.
            Subscription s = plan.s();
            if (!s.tierId().equals(newTierId)) {
                applyImmediate(s, plan.t(), restarts(s, plan.t()), billing.now(), plan.earlier(), context);
            }
            return new ChangePreview(id, s.tierId(), newTierId, Timing.IMMEDIATE, plan.earlier().createdAt(),
                    plan.earlier().createdAt(), List.of(), plan.earlier().amountMinor(), plan.earlier().currency());
        }
        ChangePreview p = plan.preview();
        Subscription s = plan.s();
        PricingTier t = plan.t();
        switch (p.timing()) {
            case IN_TRIAL -> billing.tx.run(() -> {
                SubDraft d = SubDraft.of(s).price(t);
                d.pendingTierId = null;
                Subscription after = cas(s, d, "change tier");
                billing.audit("subscription.tier_changed", "subscription", id, state(s), state(after),
                        Map.of("timing", "IN_TRIAL"), context);
            });
            case AT_PERIOD_END -> billing.tx.run(() -> {
                SubDraft d = SubDraft.of(s);
                d.pendingTierId = t.id();
                Subscription after = cas(s, d, "change tier");
                billing.audit("subscription.downgrade_scheduled", "subscription", id, state(s), state(after),
                        Map.of("effectiveAt", String.valueOf(p.effectiveAt())), context);
            });
            case IMMEDIATE -> {
                Payment paid = null;
                if (p.totalMinor() > 0) {
                    billing.refuseInTransaction("SubscriptionService.changeTier");
                    paid = requireCaptured(payments.charge(s.userId(), s.id(), null, p.totalMinor(), p.currency(),
                            "Upgrade to " + t.name(), key, Map.of("tierId", t.id().toString()), context));
                }
                applyImmediate(s, t, restarts(s, t), p.at(), paid, context);
            }
            default -> throw new IllegalStateException(p.timing().name());
        }
        return p;
    }

    /**
     * Applies a paid upgrade with one compare-and-set against the row the price was computed from;
     * if a concurrent call changed the subscription meanwhile, the charge is refunded and the call
     * fails with a {@link SubscriptionStateException}.
     */
    private void applyImmediate(Subscription s, PricingTier t, boolean restarts, Instant at, Payment paid,
                                CallContext context) {
        try {
            billing.tx.run(() -> {
                SubDraft d = SubDraft.of(s).price(t);
                d.pendingTierId = null;
                if (restarts) {
                    startPeriodAt(d, at); // the instant the amounts were computed for
                }
                Subscription after = cas(s, d, "change tier");
                billing.audit("subscription.tier_changed", "subscription", s.id(), state(s), state(after),
                        paid == null ? Map.of("timing", "IMMEDIATE")
                                : Map.of("timing", "IMMEDIATE", "paymentId", paid.id().toString()), context);
            });
        } catch (SubscriptionStateException e) {
            refundLoser(paid, "the subscription changed while the upgrade was charged", context);
            throw e;
        }
    }

    // ------------------------------------------------------------------------------------------
    // renewals

    private enum Outcome { RENEWED, DECLINED, UNPAID, CANCELED, UNKNOWN }

    @Override
    public RenewalReport renewDue(Instant now, int batchSize) {
        Objects.requireNonNull(now, "null now");
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
            Subscription after = applyRenewal(s, fresh -> {
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
        Payment p = next.amountMinor == 0 ? null : chargeForRenewal(s, next.currentPeriodStart, next.amountMinor,
                next.currency, "renewal:" + s.id() + ":" + next.currentPeriodStart);
        if (p != null && p.status() != PaymentStatus.SUCCEEDED && p.status() != PaymentStatus.FAILED
                && !p.status().captured()) {
            return Outcome.UNKNOWN; // reconcile() settles it; the next run replays the same key
        }
        boolean paid = p == null || p.status().captured();
        Subscription after = applyRenewal(s, fresh -> {
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
            if (paid) {
                refundIfOrphaned(s.id(), next.currentPeriodStart, p, false);
            }
            return Outcome.UNKNOWN;
        }
        return paid ? Outcome.RENEWED : Outcome.DECLINED;
    }

    private Outcome retry(Subscription s, Instant now) {
        int attempt = s.retryCount() + 1;
        Payment p = s.amountMinor() == 0 ? null : chargeForRenewal(s, s.currentPeriodStart(), s.amountMinor(),
                s.currency(), "renewal:" + s.id() + ":" + s.currentPeriodStart() + ":retry-" + attempt);
        if (p != null && p.status() != PaymentStatus.FAILED && !p.status().captured()) {
            return Outcome.UNKNOWN;
        }
        boolean paid = p == null || p.status().captured();
        List<Duration> schedule = billing.options.retrySchedule();
        boolean exhausted = !paid && attempt >= schedule.size();
        SubscriptionStatus after = paid ? SubscriptionStatus.ACTIVE : exhausted ? billing.options.afterRetries()
                : SubscriptionStatus.PAST_DUE;
        Subscription done = applyRenewal(s, fresh -> {
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
            if (paid) {
                refundIfOrphaned(s.id(), s.currentPeriodStart(), p, true);
            }
            return Outcome.UNKNOWN;
        }
        return paid ? Outcome.RENEWED : exhausted ? Outcome.UNPAID : Outcome.DECLINED;
    }

    /**
     * A renewal charge went through but the subscription was canceled meanwhile (the user canceled
     * now while the worker charged): refund it. If another worker applied the same payment (a lease
     * ran out), the period is paid for and nothing is refunded.
     */
    private void refundIfOrphaned(UUID id, Instant periodStart, Payment p, boolean retry) {
        if (p == null || p.id() == null) {
            return;
        }
        Subscription fresh = billing.tx.read(() -> billing.subscriptions().find(id));
        boolean orphaned = retry ? fresh.status() != SubscriptionStatus.ACTIVE
                : fresh.status() == SubscriptionStatus.CANCELED && !fresh.currentPeriodStart().equals(periodStart);
        if (orphaned) {
            refundLoser(p, "the subscription changed while its renewal was charged", RENEWAL);
        } else {
            LOG.warn("Renewal payment {} of subscription {} was applied by another worker", p.id(), id);
        }
    }

    /** The charge of one period, or {@code null} after logging when it could not be made now. */
    private Payment chargeForRenewal(Subscription s, Instant periodStart, long amount, String currency, String key) {
        try {
            return payments.charge(s.userId(), s.id(), periodStart, amount, currency, "Subscription renewal", key,
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
     * Writes a renewal's result onto the row if it is still in the state the worker claimed (same
     * status and period); a user's concurrent change of other fields (cancel at period end) is kept.
     */
    private Subscription applyRenewal(Subscription claimed, Function<Subscription, SubDraft> change, String action,
                                      Map<String, Object> metadata) {
        return billing.tx.call(() -> {
            for (int attempt = 0; attempt < 3; attempt++) {
                Subscription fresh = billing.subscriptions().find(claimed.id());
                if (fresh.status() != claimed.status()
                        || !fresh.currentPeriodStart().equals(claimed.currentPeriodStart())) {
                    LOG.warn("Subscription {} changed while it was renewed ({} -> {}); leaving it", claimed.id(),
                            claimed.status(), fresh.status());
                    return null;
                }
                SubDraft d = change.apply(fresh);
                if (claimed.cancelAtPeriodEnd() != fresh.cancelAtPeriodEnd() && d.status == SubscriptionStatus.CANCELED) {
                    return null; // resumed meanwhile: the next run renews it instead
                }
                Subscription after = billing.subscriptions().update(d.build(), fresh.status(), fresh.version());
                if (after != null) {
                    billing.audit(action, "subscription", after.id(), state(fresh), state(after), metadata, RENEWAL);
                    return after;
                }
            }
            return null;
        });
    }

    // ------------------------------------------------------------------------------------------

    private Subscription require(UUID id) {
        Subscription s = billing.subscriptions().find(id);
        if (s == null) {
            throw new NotFoundException("Subscription", id);
        }
        return s;
    }

    private Subscription cas(Subscription before, SubDraft d, String action) {
        Subscription after = billing.subscriptions().update(d.build(), before.status(), before.version());
        if (after == null) {
            Subscription now = require(before.id());
            throw new SubscriptionStateException(before.id(), now.status(), action + " (it changed meanwhile)");
        }
        return after;
    }

    private static Map<String, Object> paymentMeta(Payment p) {
        return p == null || p.id() == null ? null : Map.of("paymentId", p.id().toString(), "paymentStatus", p.status().name());
    }

    private static Map<String, Object> state(Subscription s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", s.status().name());
        m.put("tierId", s.tierId().toString());
        m.put("amountMinor", s.amountMinor());
        m.put("currentPeriodEnd", s.currentPeriodEnd() == null ? null : s.currentPeriodEnd().toString());
        m.put("cancelAtPeriodEnd", s.cancelAtPeriodEnd());
        return m;
    }
}
