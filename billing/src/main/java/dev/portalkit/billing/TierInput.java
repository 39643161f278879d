package dev.portalkit.billing;

import dev.portalkit.core.spi.Values;
import java.util.Map;

/**
 * What {@link PricingService#create} and {@link PricingService#update} take.
 *
 * @param code          lowercase letters, digits and {@code . _ -}, at most 64; unique among live tiers
 * @param amountMinor   zero or more, in minor units of {@code currency}
 * @param currency      an ISO 4217 code such as {@code USD}, {@code JPY}, {@code KWD}
 * @param intervalCount 1 to 36 intervals per period (1 for ONE_TIME)
 * @param trialDays     0 to 365 (0 for ONE_TIME)
 * @param features      free-form JSON object shown to buyers, e.g. {@code {"seats": 5}}
 */
public record TierInput(String code, String name, String description, long amountMinor, String currency,
                        BillingInterval billingInterval, int intervalCount, int trialDays,
                        Map<String, Object> features, int sortOrder, Map<String, Object> metadata) {

    public TierInput {
        features = Values.copy(features);
        metadata = Values.copy(metadata);
    }

    /** A monthly tier without trial, features or metadata. */
    public static TierInput monthly(String code, String name, long amountMinor, String currency) {
        return new TierInput(code, name, null, amountMinor, currency, BillingInterval.MONTH, 1, 0, Map.of(), 0, Map.of());
    }

    /** A yearly tier without trial, features or metadata. */
    public static TierInput yearly(String code, String name, long amountMinor, String currency) {
        return new TierInput(code, name, null, amountMinor, currency, BillingInterval.YEAR, 1, 0, Map.of(), 0, Map.of());
    }

    public TierInput withTrialDays(int days) {
        return new TierInput(code, name, description, amountMinor, currency, billingInterval, intervalCount, days,
                features, sortOrder, metadata);
    }

    public TierInput withPrice(long newAmountMinor, String newCurrency) {
        return new TierInput(code, name, description, newAmountMinor, newCurrency, billingInterval, intervalCount,
                trialDays, features, sortOrder, metadata);
    }

    public TierInput withFeatures(Map<String, Object> newFeatures) {
        return new TierInput(code, name, description, amountMinor, currency, billingInterval, intervalCount, trialDays,
                newFeatures, sortOrder, metadata);
    }
}
