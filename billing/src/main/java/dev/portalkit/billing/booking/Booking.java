package dev.portalkit.billing.booking;

import dev.portalkit.core.spi.Values;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.UUID;

/**
 * A booking of a provider's time by a customer.
 *
 * @param blockedFrom   the start minus the provider's buffer before, as booked
 * @param blockedUntil  the end plus the provider's buffer after, as booked
 * @param timeZone      the booker's IANA zone, for showing the times
 * @param holdExpiresAt when a HELD booking stops blocking its slot
 * @param rescheduledTo the booking that replaced this RESCHEDULED one
 * @param version       increases with every change; pass it to the transition calls
 */
public record Booking(UUID id, UUID customerId, UUID providerId, Instant startsAt, Instant endsAt, Instant blockedFrom,
                      Instant blockedUntil, String timeZone, String title, String notes, String location,
                      String meetingUrl, UUID paymentId, BookingStatus status, Instant holdExpiresAt,
                      Instant confirmedAt, Instant cancelledAt, String cancellationReason, UUID rescheduledTo,
                      Map<String, Object> metadata, long version, Instant createdAt, Instant updatedAt) {

    public Booking {
        metadata = Values.copy(metadata);
    }

    /** The start in the booker's zone. */
    public ZonedDateTime localStart() {
        return startsAt.atZone(ZoneId.of(timeZone));
    }
}
