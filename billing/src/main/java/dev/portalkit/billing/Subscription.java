package dev.portalkit.billing;

import dev.portalkit.core.spi.Values;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A user's subscription. {@code amountMinor}, {@code currency}, {@code billingInterval} and
 * {@code intervalCount} are the price snapshot taken when it was sold (or its tier changed).
 *
 * @param billingZone      IANA zone the periods are computed in (a Jan 31 anchor renews Feb 28/29, then Mar 31)
 * @param anchorAt         the instant periods count from
 * @param currentPeriodEnd {@code null} for a ONE_TIME tier (paid once, never renewed)
 * @param canceledAt       when a cancellation was asked for (now or at period end)
 * @param endedAt          when it became CANCELED
 * @param pendingTierId    a downgrade that takes effect at the end of the period
 * @param nextChargeAt     when the renewal job looks at it next: period end, trial end or next retry
 */
public record Subscription(UUID id, UUID userId, UUID tierId, SubscriptionStatus status, long amountMinor,
                           String currency, BillingInterval billingInterval, int intervalCount, String billingZone,
                           Instant anchorAt, int periodIndex, Instant currentPeriodStart, Instant currentPeriodEnd,
                           Instant trialEnd, boolean cancelAtPeriodEnd, Instant canceledAt, Instant endedAt,
                           UUID pendingTierId, Instant nextChargeAt, Instant pastDueSince, int retryCount,
                           UUID initialPaymentId, Map<String, Object> metadata, long version, Instant createdAt,
                           Instant updatedAt) {

    public Subscription {
        metadata = Values.copy(metadata);
    }
}
