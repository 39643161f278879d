package dev.portalkit.billing.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What a new booking needs to know before its INSERT, read in one statement
 * ({@link BookingMapper#prepareSlot}): whether the customer and payment it refers to exist, whether
 * the payment may pay for it and its status when it is the customer's, the provider's status
 * ({@code null}: not a live user), the availability row of a bookable provider (every column
 * {@code null} when the provider cannot be booked) and the ids of the provider's holds that statement
 * just expired. Not API.
 */
public record SlotPreflight(boolean customerFound, boolean paymentFound, boolean paymentUsable, String paymentStatus,
                            String providerStatus, UUID providerId,
                            String timeZone, String weeklyHours, String dateOverrides,
                            Integer bufferBeforeMinutes, Integer bufferAfterMinutes, Integer minimumNoticeMinutes,
                            Integer horizonDays, Integer slotMinutes, Long version, Instant updatedAt,
                            List<String> expiredIds) {

    /** The provider's availability row, or {@code null} when the provider cannot be booked. */
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
