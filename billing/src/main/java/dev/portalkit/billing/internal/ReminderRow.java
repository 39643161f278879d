package dev.portalkit.billing.internal;

import java.time.Instant;
import java.util.UUID;

/** A due reminder claimed by {@link BookingReminderMapper#claim}, with what the e-mail needs. Not API. */
public record ReminderRow(UUID id, UUID bookingId, UUID customerId, UUID providerId, long offsetSeconds,
                          Instant dueAt, Instant startsAt, Instant endsAt, String bookingStatus, String title,
                          String location, String meetingUrl, String zone, String customerEmail,
                          String customerName) {
}
