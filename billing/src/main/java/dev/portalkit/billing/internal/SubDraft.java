package dev.portalkit.billing.internal;

import dev.portalkit.billing.BillingInterval;
import dev.portalkit.billing.PricingTier;
import dev.portalkit.billing.Subscription;
import dev.portalkit.billing.SubscriptionStatus;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** A subscription being changed: copy, set fields, build, then compare-and-set it. Not API. */
final class SubDraft {
    UUID id;
    UUID userId;
    UUID tierId;
    SubscriptionStatus status;
    long amountMinor;
    String currency;
    BillingInterval billingInterval;
    int intervalCount;
    String billingZone;
    Instant anchorAt;
    int periodIndex;
    Instant currentPeriodStart;
    Instant currentPeriodEnd;
    Instant trialEnd;
    boolean cancelAtPeriodEnd;
    Instant canceledAt;
    Instant endedAt;
    UUID pendingTierId;
    Instant nextChargeAt;
    Instant pastDueSince;
    int retryCount;
    UUID initialPaymentId;
    Map<String, Object> metadata = Map.of();

    static SubDraft of(Subscription s) {
        SubDraft d = new SubDraft();
        d.id = s.id();
        d.userId = s.userId();
        d.tierId = s.tierId();
        d.status = s.status();
        d.amountMinor = s.amountMinor();
        d.currency = s.currency();
        d.billingInterval = s.billingInterval();
        d.intervalCount = s.intervalCount();
        d.billingZone = s.billingZone();
        d.anchorAt = s.anchorAt();
        d.periodIndex = s.periodIndex();
        d.currentPeriodStart = s.currentPeriodStart();
        d.currentPeriodEnd = s.currentPeriodEnd();
        d.trialEnd = s.trialEnd();
        d.cancelAtPeriodEnd = s.cancelAtPeriodEnd();
        d.canceledAt = s.canceledAt();
        d.endedAt = s.endedAt();
        d.pendingTierId = s.pendingTierId();
        d.nextChargeAt = s.nextChargeAt();
        d.pastDueSince = s.pastDueSince();
        d.retryCount = s.retryCount();
        d.initialPaymentId = s.initialPaymentId();
        d.metadata = s.metadata();
        return d;
    }

    /** Takes the tier's price as the subscription's snapshot. */
    SubDraft price(PricingTier t) {
        tierId = t.id();
        amountMinor = t.amountMinor();
        currency = t.currency();
        billingInterval = t.billingInterval();
        intervalCount = t.intervalCount();
        return this;
    }

    /** What audit rows show of a subscription before and after a change. */
    static Map<String, Object> state(Subscription s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", s.status().name());
        m.put("tierId", s.tierId().toString());
        m.put("amountMinor", s.amountMinor());
        m.put("currentPeriodEnd", s.currentPeriodEnd() == null ? null : s.currentPeriodEnd().toString());
        m.put("cancelAtPeriodEnd", s.cancelAtPeriodEnd());
        return m;
    }

    /** Starts a fresh period at {@code at}: period 0 of a new anchor, no retry state. */
    SubDraft startPeriodAt(Instant at) {
        anchorAt = at;
        periodIndex = 0;
        currentPeriodStart = at;
        currentPeriodEnd = Periods.end(at, ZoneId.of(billingZone), billingInterval, intervalCount, 0);
        nextChargeAt = currentPeriodEnd;
        pastDueSince = null;
        retryCount = 0;
        return this;
    }

    Subscription build() {
        return new Subscription(id, userId, tierId, status, amountMinor, currency, billingInterval, intervalCount,
                billingZone, anchorAt, periodIndex, currentPeriodStart, currentPeriodEnd, trialEnd, cancelAtPeriodEnd,
                canceledAt, endedAt, pendingTierId, nextChargeAt, pastDueSince, retryCount, initialPaymentId, metadata,
                1, null, null);
    }
}
