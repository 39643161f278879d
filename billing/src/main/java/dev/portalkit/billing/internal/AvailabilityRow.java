package dev.portalkit.billing.internal;

import dev.portalkit.billing.booking.Availability;
import dev.portalkit.billing.booking.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A provider_availability row; hours as the stored JSON text ({"MONDAY": [["09:00", "17:00"]]}), read as
 * text so that {@link ParsedHours} parses each distinct text once. Not API.
 */
public record AvailabilityRow(UUID providerId, String timeZone, String weeklyHours, String dateOverrides,
                              int bufferBeforeMinutes, int bufferAfterMinutes, int minimumNoticeMinutes,
                              int horizonDays, int slotMinutes, long version, Instant updatedAt) {

    Availability toAvailability() {
        ParsedHours.Hours hours = ParsedHours.of(weeklyHours, dateOverrides);
        return new Availability(providerId, timeZone, hours.weekly(), hours.overrides(),
                Duration.ofMinutes(bufferBeforeMinutes), Duration.ofMinutes(bufferAfterMinutes),
                Duration.ofMinutes(minimumNoticeMinutes), Duration.ofDays(horizonDays), Duration.ofMinutes(slotMinutes),
                version, updatedAt);
    }

    static List<List<String>> json(List<TimeRange> ranges) {
        List<List<String>> out = new ArrayList<>();
        for (TimeRange r : ranges) {
            out.add(List.of(r.start().toString(), r.end().toString()));
        }
        return out;
    }
}
