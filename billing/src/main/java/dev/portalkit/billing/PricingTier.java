package dev.portalkit.billing;

import dev.portalkit.core.spi.Values;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A tier a user can subscribe to. The price is {@code amountMinor} in the currency's minor units
 * (cents for USD, yen for JPY, fils for KWD). Changing it never reaches existing subscribers: a
 * subscription keeps the price it was sold at.
 *
 * @param archivedAt set when the tier is no longer sold; existing subscribers keep it
 * @param deletedAt  set when soft-deleted; its code is free again, {@link PricingService#restore} brings it back
 */
public record PricingTier(UUID id, String code, String name, String description, long amountMinor, String currency,
                          BillingInterval billingInterval, int intervalCount, int trialDays, Map<String, Object> features,
                          int sortOrder, Map<String, Object> metadata, long version, Instant archivedAt,
                          Instant deletedAt, Instant createdAt, Instant updatedAt) {

    public PricingTier {
        features = Values.copy(features);
        metadata = Values.copy(metadata);
    }

    /** Whether new subscriptions may be sold. */
    public boolean sellable() {
        return archivedAt == null && deletedAt == null;
    }
}
