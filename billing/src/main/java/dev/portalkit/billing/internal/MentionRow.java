package dev.portalkit.billing.internal;

import java.util.UUID;

/** The free text of a booking, for {@link BillingPersonalData}'s scrub. Not API. */
public record MentionRow(UUID id, String title, String notes, String location, String meetingUrl,
                         String cancellationReason, String metadata) {
}
