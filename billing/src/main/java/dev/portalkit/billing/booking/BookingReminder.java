package dev.portalkit.billing.booking;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.UUID;

/**
 * A due reminder of a booking, as {@link BookingService#sendDueReminders} hands it over.
 *
 * @param id             the reminder's id; {@code booking-reminder:<id>} is its idempotency key
 * @param offset         how long before the start it is due
 * @param start          the booking's start in the provider's zone
 * @param end            the booking's end in the provider's zone
 * @param customerEmail  where it goes: the customer's address
 * @param idempotencyKey {@code booking-reminder:<id>}: the same reminder is never handed over under another key
 */
public record BookingReminder(UUID id, UUID bookingId, UUID customerId, UUID providerId, Duration offset,
                              Instant dueAt, ZonedDateTime start, ZonedDateTime end, String title,
                              String location, String meetingUrl, String customerEmail, String customerName,
                              String idempotencyKey) {
}
