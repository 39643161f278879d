package dev.portalkit.billing.internal;

import dev.portalkit.billing.booking.Availability;
import dev.portalkit.billing.booking.TimeRange;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A provider_availability row; hours as JSON {"MONDAY": [["09:00", "17:00"]]}. Not API. */
public record AvailabilityRow(UUID providerId, String timeZone, Map<String, Object> weeklyHours,
                              Map<String, Object> dateOverrides, int bufferBeforeMinutes, int bufferAfterMinutes,
                              int minimumNoticeMinutes, int horizonDays, int slotMinutes, long version,
                              Instant updatedAt) {

    Availability toAvailability() {
        Map<DayOfWeek, List<TimeRange>> week = new EnumMap<>(DayOfWeek.class);
        weeklyHours.forEach((k, v) -> week.put(DayOfWeek.valueOf(k), ranges(v)));
        Map<LocalDate, List<TimeRange>> overrides = new HashMap<>();
        dateOverrides.forEach((k, v) -> overrides.put(LocalDate.parse(k), ranges(v)));
        return new Availability(providerId, timeZone, week, overrides, Duration.ofMinutes(bufferBeforeMinutes),
                Duration.ofMinutes(bufferAfterMinutes), Duration.ofMinutes(minimumNoticeMinutes),
                Duration.ofDays(horizonDays), Duration.ofMinutes(slotMinutes), version, updatedAt);
    }

    private static List<TimeRange> ranges(Object json) {
        List<TimeRange> out = new ArrayList<>();
        for (Object pair : (List<?>) json) {
            List<?> p = (List<?>) pair;
            out.add(new TimeRange(LocalTime.parse((String) p.get(0)), LocalTime.parse((String) p.get(1))));
        }
        return List.copyOf(out);
    }

    static List<List<String>> json(List<TimeRange> ranges) {
        List<List<String>> out = new ArrayList<>();
        for (TimeRange r : ranges) {
            out.add(List.of(r.start().toString(), r.end().toString()));
        }
        return out;
    }
}
