package dev.portalkit.billing.internal;

import dev.portalkit.billing.BillingInterval;
import dev.portalkit.billing.ChangePreview;
import dev.portalkit.billing.ChangePreview.Timing;
import dev.portalkit.billing.NewSubscription;
import dev.portalkit.billing.PricingTier;
import dev.portalkit.billing.RenewalReport;
import dev.portalkit.billing.Subscription;
import dev.portalkit.billing.SubscriptionExistsException;
import dev.portalkit.billing.SubscriptionService;
import dev.portalkit.billing.SubscriptionStateException;
import dev.portalkit.billing.SubscriptionStatus;
import dev.portalkit.billing.TierNotAvailableException;
import dev.portalkit.billing.internal.KeyRow.Operation;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.NotFoundException;
import dev.portalkit.core.spi.Validation;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Not API: create through the Portal. Every change is computed in Java from the row as read and
 * written with one compare-and-set ({@code WHERE status = expected AND version = expected}); a
 * call that loses gets a {@link SubscriptionStateException}. The keyed calls (subscribe, changeTier,
 * reactivate) decide a {@link Plan} here and run it through {@link KeyedCalls}, which pays for it and
 * applies it once per key; the renewal job is {@link Renewals}.
 */
public final class DefaultSubscriptionService implements SubscriptionService {

    private static final int MAX_KEY = 150;
    private static final Duration MAX_QUOTE_AGE = Duration.ofHours(1);

    private final BillingContext billing;
    private final KeyedCalls keyed;
    private final Renewals renewals;

    DefaultSubscriptionService(BillingContext billing, KeyedCalls keyed, Renewals renewals) {
        this.billing = billing;
        this.keyed = keyed;
        this.renewals = renewals;
    }

    // ------------------------------------------------------------------------------------------
    // subscribe

    @Override
    public Subscription subscribe(NewSubscription r, CallContext context) {
        // Everything the subscription row will hold is checked before any charge: a write that
        // fails after the gateway took the money would leave a paid-for nothing.
        Validation v = new Validation().notNull("userId", r.userId()).notNull("tierId", r.tierId())
                .json("metadata", r.metadata());
        Keys.check(v, "idempotencyKey", r.idempotencyKey(), MAX_KEY);
        v.throwIfInvalid();
        ZoneId zone = r.billingZone() != null ? r.billingZone() : billing.options.defaultBillingZone();
        String hash = Inputs.sha256("subscribe", r.userId(), r.tierId(), zone.getId());
        return keyed.call(Operation.SUBSCRIBE, r.idempotencyKey(), hash, Subscription.class, () -> {
            billing.requireUser(r.userId());
            PricingTier tier = billing.tiers().find(r.tierId());
            if (tier == null) {
                throw new NotFoundException("PricingTier", r.tierId());
            }
            if (billing.subscriptions().current(r.userId()) != null) {
                throw new SubscriptionExistsException();
            }
            if (!tier.sellable()) {
                throw new TierNotAvailableException(tier.code());
            }
            Instant now = billing.now();
            SubDraft d = new SubDraft();
            d.userId = r.userId();
            d.price(tier);
            d.billingZone = zone.getId();
            d.metadata = r.metadata();
            d.currentPeriodStart = now;
            if (tier.trialDays() > 0) {
                Instant trialEnd = now.atZone(zone).plusDays(tier.trialDays()).toInstant();
                d.status = SubscriptionStatus.TRIALING;
                d.anchorAt = trialEnd;
                d.currentPeriodEnd = trialEnd;
                d.trialEnd = trialEnd;
                d.nextChargeAt = trialEnd;
                return plan(Operation.SUBSCRIBE, r.idempotencyKey(), null, d, 0, null, null, "subscription.created",
                        Map.of());
            }
            d.status = SubscriptionStatus.ACTIVE;
            d.anchorAt = now;
            d.currentPeriodEnd = Periods.end(now, zone, tier.billingInterval(), tier.intervalCount(), 0);
            d.nextChargeAt = d.currentPeriodEnd;
            return plan(Operation.SUBSCRIBE, "subscribe:" + r.idempotencyKey(), null, d, tier.amountMinor(),
                    "Subscription: " + tier.name(), Map.of("tierId", tier.id().toString()), "subscription.created", Map.of());
        }, context);
    }

    /**
     * A plan writing {@code d} (over {@code expected}, or as a new subscription when it is {@code null}),
     * paid by {@code amount} charged to its user under {@code paymentKey}.
     */
    private static Plan plan(Operation operation, String paymentKey, Subscription expected, SubDraft d, long amount,
                             String description, Map<String, Object> paymentMetadata, String auditAction,
                             Map<String, Object> auditMetadata) {
        return plan(operation, paymentKey, expected, d, amount, description, paymentMetadata, auditAction, auditMetadata,
                null);
    }

    private static Plan plan(Operation operation, String paymentKey, Subscription expected, SubDraft d, long amount,
                             String description, Map<String, Object> paymentMetadata, String auditAction,
                             Map<String, Object> auditMetadata, ChangePreview preview) {
        return new Plan(operation, paymentKey, d.userId, expected == null ? null : expected.id(), amount, d.currency,
                description, paymentMetadata, expected, d.build(), auditAction, auditMetadata, preview);
    }

    // ------------------------------------------------------------------------------------------
    // reads

    @Override
    public Optional<Subscription> find(UUID id) {
        return Optional.ofNullable(billing.tx.read(() -> billing.subscriptions().find(id)));
    }

    @Override
    public Optional<Subscription> current(UUID userId) {
        return Optional.ofNullable(billing.tx.read(() -> billing.subscriptions().current(userId)));
    }

    @Override
    public List<Subscription> history(UUID userId) {
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
                    SubDraft.state(s), SubDraft.state(after), null, context);
            return after;
        });
    }

    @Override
    public Subscription resume(UUID id, CallContext context) {
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
            billing.audit("subscription.resumed", "subscription", id, SubDraft.state(s), SubDraft.state(after), null,
                    context);
            return after;
        });
    }

    // ------------------------------------------------------------------------------------------
    // reactivate

    @Override
    public Subscription reactivate(UUID id, String idempotencyKey, CallContext context) {
        Keys.check(new Validation(), "idempotencyKey", idempotencyKey, MAX_KEY).throwIfInvalid();
        return keyed.call(Operation.REACTIVATE, idempotencyKey, Inputs.sha256("reactivate", id), Subscription.class, () -> {
            Subscription s = require(id);
            if (s.status() != SubscriptionStatus.PAST_DUE && s.status() != SubscriptionStatus.UNPAID) {
                throw new SubscriptionStateException(id, s.status(), "be reactivated (only PAST_DUE or UNPAID can)");
            }
            SubDraft d = SubDraft.of(s).startPeriodAt(billing.now());
            d.status = SubscriptionStatus.ACTIVE;
            return plan(Operation.REACTIVATE, "reactivate:" + id + ":" + idempotencyKey, s, d, s.amountMinor(),
                    "Subscription reactivated", Map.of(), "subscription.reactivated", Map.of());
        }, context);
    }

    // ------------------------------------------------------------------------------------------
    // change tier

    @Override
    public ChangePreview previewChange(UUID id, UUID newTierId) {
        // Read-only (subscription, then tier): no common snapshot needed, a commit checks the quote again.
        return billing.tx.read(() -> {
            Subscription s = require(id);
            return preview(s, target(s, newTierId), billing.now());
        });
    }

    private PricingTier target(Subscription s, UUID newTierId) {
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
        if (r.total() < 0) {
            // To a shorter interval (a year to a month) the credit for the unused part can exceed the new price:
            // applied now it would owe the customer money, and billing keeps no balance. It waits for the period end.
            return new ChangePreview(s.id(), s.tierId(), t.id(), Timing.AT_PERIOD_END, now, s.currentPeriodEnd(),
                    List.of(), 0, s.currency());
        }
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
        Validation v = new Validation().notNull("quote.subscriptionId", quote.subscriptionId())
                .instant("quote.at", quote.at());
        if (v.valid()) {
            Instant now = billing.now();
            v.check("quote", !quote.at().isAfter(now) && !quote.at().isBefore(now.minus(MAX_QUOTE_AGE)),
                    "must come from previewChange at most " + MAX_QUOTE_AGE.toMinutes() + " minutes ago");
        }
        v.throwIfInvalid();
        return change(quote.subscriptionId(), quote.toTierId(), quote, idempotencyKey, context);
    }

    /**
     * The plan of a tier change: in a trial, the tier now, free; a downgrade, at the period end, free; an
     * upgrade, now, for the prorated difference. A quote is committed only with exactly its amounts.
     */
    private ChangePreview change(UUID id, UUID newTierId, ChangePreview quote, String idempotencyKey,
                                 CallContext context) {
        Keys.check(new Validation(), "idempotencyKey", idempotencyKey, MAX_KEY).throwIfInvalid();
        // The arguments a repeat must match: the tier asked for, and the quote (all of it) when one is committed.
        String hash = Inputs.sha256("change_tier", id, newTierId, quote);
        return keyed.call(Operation.CHANGE_TIER, idempotencyKey, hash, ChangePreview.class, () -> {
            Subscription s = require(id);
            PricingTier t = target(s, newTierId);
            ChangePreview p = preview(s, t, quote == null ? billing.now() : quote.at());
            if (quote != null && !p.equals(quote)) {
                throw new SubscriptionStateException(id, s.status(), "change tier at the quoted amounts (it changed since)");
            }
            SubDraft d = SubDraft.of(s);
            d.pendingTierId = null;
            return switch (p.timing()) {
                case IN_TRIAL -> plan(Operation.CHANGE_TIER, null, s, d.price(t), 0, null, null,
                        "subscription.tier_changed", Map.of("timing", "IN_TRIAL"), p);
                case AT_PERIOD_END -> {
                    d.pendingTierId = t.id();
                    yield plan(Operation.CHANGE_TIER, null, s, d, 0, null, null, "subscription.downgrade_scheduled",
                            Map.of("effectiveAt", String.valueOf(p.effectiveAt())), p);
                }
                case IMMEDIATE -> {
                    d.price(t);
                    if (restarts(s, t)) {
                        d.startPeriodAt(p.at()); // the instant the amounts were computed for
                    }
                    yield plan(Operation.CHANGE_TIER, "change:" + id + ":" + idempotencyKey, s, d, p.totalMinor(),
                            "Upgrade to " + t.name(), Map.of("tierId", t.id().toString()), "subscription.tier_changed",
                            Map.of("timing", "IMMEDIATE"), p);
                }
            };
        }, context);
    }

    // ------------------------------------------------------------------------------------------
    // renewals

    @Override
    public RenewalReport renewDue(Instant now, int batchSize) {
        return renewals.renewDue(now, batchSize);
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
}
