package dev.portalkit.billing.booking;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A provider's bookable time, in the provider's IANA zone.
 *
 * @param weeklyHours   working hours per day of the week; a missing day is a day off
 * @param dateOverrides replace the weekly hours on a date; an empty list is a day off
 * @param bufferBefore  kept free before each booking (two bookings need the first's buffer after
 *                      plus the second's buffer before between them)
 * @param bufferAfter   kept free after each booking
 * @param minimumNotice how far ahead a booking must start
 * @param horizon       how far ahead a booking may start
 * @param slotLength    the step between offered slot starts
 */
public record Availability(UUID providerId, String timeZone, Map<DayOfWeek, List<TimeRange>> weeklyHours,
                           Map<LocalDate, List<TimeRange>> dateOverrides, Duration bufferBefore, Duration bufferAfter,
                           Duration minimumNotice, Duration horizon, Duration slotLength, long version,
                           Instant updatedAt) {

    public Availability {
        weeklyHours = Map.copyOf(weeklyHours);
        dateOverrides = Map.copyOf(dateOverrides);
    }
}
