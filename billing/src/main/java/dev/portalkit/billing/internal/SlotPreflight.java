package dev.portalkit.billing.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a new booking needs to know before its INSERT, read in one statement
 * ({@link BookingMapper#prepareSlot}): whether the customer, provider and payment it refers to
 * exist, the provider's availability row (every column {@code null} when there is none) and the ids
 * of the provider's holds that statement just expired. Not API.
 */
public record SlotPreflight(boolean customerFound, boolean providerFound, boolean paymentFound, UUID providerId,
                            String timeZone, Map<String, Object> weeklyHours, Map<String, Object> dateOverrides,
                            Integer bufferBeforeMinutes, Integer bufferAfterMinutes, Integer minimumNoticeMinutes,
                            Integer horizonDays, Integer slotMinutes, Long version, Instant updatedAt,
                            List<String> expiredIds) {

    /** The provider's availability row, or {@code null} when the provider has none. */
    AvailabilityRow availability() {
        return providerId == null ? null : new AvailabilityRow(providerId, timeZone, weeklyHours, dateOverrides,
                bufferBeforeMinutes, bufferAfterMinutes, minimumNoticeMinutes, horizonDays, slotMinutes, version,
                updatedAt);
    }

    /** The holds expired by this statement, in the order the UPDATE returned them. */
    List<UUID> expired() {
        List<UUID> out = new ArrayList<>(expiredIds.size());
        for (String id : expiredIds) {
            out.add(UUID.fromString(id));
        }
        return out;
    }
}
