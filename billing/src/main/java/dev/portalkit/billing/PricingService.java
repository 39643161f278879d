package dev.portalkit.billing;

import dev.portalkit.core.CallContext;
import dev.portalkit.core.SoftDeleting;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Pricing tiers. A price change applies to new subscriptions only: each subscription keeps a
 * snapshot of the price it was sold at (amount, currency, interval).
 *
 * <p>{@link #delete} frees the tier's code (subscribers keep their price snapshot); {@link #restore}
 * throws {@link TierCodeTakenException} when a live tier took the code meanwhile.
 */
public interface PricingService extends SoftDeleting<PricingTier> {

    /**
     * @throws dev.portalkit.core.ValidationException naming each bad field (nothing written)
     * @throws TierCodeTakenException when a live tier has the code
     */
    PricingTier create(TierInput input, CallContext context);

    /**
     * Replaces every field if the tier is still at {@code expectedVersion}.
     *
     * @throws dev.portalkit.core.StaleVersionException when someone changed it first
     */
    PricingTier update(UUID id, TierInput input, long expectedVersion, CallContext context);

    /** Stops selling the tier; subscribers keep it. */
    PricingTier archive(UUID id, CallContext context);

    PricingTier unarchive(UUID id, CallContext context);

    /** A live (not deleted) tier, archived or not. */
    Optional<PricingTier> find(UUID id);

    Optional<PricingTier> findByCode(String code);

    /** Live tiers by sort order then code; archived ones only if asked. */
    List<PricingTier> list(boolean includeArchived);
}
