package dev.portalkit.billing.internal;

import java.util.Map;
import java.util.UUID;
import org.apache.ibatis.annotations.Param;

/** provider_availability. Not API. */
public interface ProviderAvailabilityMapper {

    AvailabilityRow find(@Param("providerId") UUID providerId);

    /** The availability of a provider that can be booked (a live, ACTIVE user), or {@code null}. */
    AvailabilityRow findBookable(@Param("providerId") UUID providerId);

    /** The saved row, or {@code null} (nothing written) when the provider is not a live, ACTIVE user. */
    AvailabilityRow upsert(@Param("providerId") UUID providerId, @Param("timeZone") String timeZone,
                           @Param("weekly") Map<String, Object> weekly, @Param("overrides") Map<String, Object> overrides,
                           @Param("before") int bufferBeforeMinutes, @Param("after") int bufferAfterMinutes,
                           @Param("notice") int minimumNoticeMinutes, @Param("horizon") int horizonDays,
                           @Param("slot") int slotMinutes);

    /** The deleted row, or {@code null} when the provider had none. */
    AvailabilityRow delete(@Param("providerId") UUID providerId);

    /** The status of a live user, or {@code null} for an unknown or deleted one. */
    String userStatus(@Param("id") UUID id);
}
