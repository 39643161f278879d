package dev.portalkit.billing.internal;

import java.time.Instant;
import java.util.UUID;

/**
 * A booking as its calendar event shows it: {@code uid} the series (the first booking of a reschedule chain),
 * {@code zone} the provider's zone (the booker's when the provider has no availability). Not API.
 */
public record CalendarRow(UUID id, UUID uid, int sequence, Instant startsAt, Instant endsAt, String title,
                          String notes, String location, String meetingUrl, String status, String zone,
                          Instant createdAt, Instant updatedAt) {
}
