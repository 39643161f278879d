package dev.portalkit.billing.booking;

import dev.portalkit.core.spi.Values;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * What {@link BookingService#book} and {@link BookingService#hold} take.
 *
 * @param timeZone   the booker's IANA zone, e.g. {@code America/New_York}
 * @param paymentId  an optional payment of portalkit-billing that pays for it
 */
public record NewBooking(UUID customerId, UUID providerId, Instant startsAt, Instant endsAt, String timeZone,
                         String title, String notes, String location, String meetingUrl, UUID paymentId,
                         Map<String, Object> metadata) {

    public NewBooking {
        metadata = Values.copy(metadata);
    }

    public static NewBooking of(UUID customerId, UUID providerId, Instant startsAt, Instant endsAt, String timeZone,
                                String title) {
        return new NewBooking(customerId, providerId, startsAt, endsAt, timeZone, title, null, null, null, null, Map.of());
    }
}
