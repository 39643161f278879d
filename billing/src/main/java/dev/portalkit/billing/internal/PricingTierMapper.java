package dev.portalkit.billing.internal;

import dev.portalkit.billing.PricingTier;
import dev.portalkit.billing.TierInput;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Param;

/** pricing_tiers. Not API. */
public interface PricingTierMapper {

    PricingTier insert(@Param("t") TierInput input);

    PricingTier update(@Param("id") UUID id, @Param("t") TierInput input, @Param("version") long version);

    PricingTier find(@Param("id") UUID id);

    /** Including deleted tiers. */
    PricingTier findAny(@Param("id") UUID id);

    /** Live, locked against concurrent changes (FOR SHARE). */
    PricingTier findForShare(@Param("id") UUID id);

    PricingTier findByCode(@Param("code") String code);

    PricingTier setArchived(@Param("id") UUID id, @Param("at") Instant at);

    PricingTier softDelete(@Param("id") UUID id, @Param("at") Instant at);

    PricingTier restore(@Param("id") UUID id);

    List<PricingTier> list(@Param("includeArchived") boolean includeArchived);
}
