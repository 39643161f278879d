package dev.portalkit.billing.booking;

import dev.portalkit.core.spi.Values;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link BookingService#setAvailability} takes. {@code null} for minimum notice or horizon
 * takes the module's defaults (120 minutes, 60 days); {@code null} buffers are zero; {@code null}
 * slot length is 30 minutes. Durations are whole minutes.
 */
public record AvailabilityInput(String timeZone, Map<DayOfWeek, List<TimeRange>> weeklyHours,
                                Map<LocalDate, List<TimeRange>> dateOverrides, Duration bufferBefore,
                                Duration bufferAfter, Duration minimumNotice, Duration horizon, Duration slotLength) {

    public AvailabilityInput {
        // Copies that keep null days and ranges: setAvailability names them as bad fields.
        weeklyHours = copy(weeklyHours);
        dateOverrides = copy(dateOverrides);
    }

    private static <K> Map<K, List<TimeRange>> copy(Map<K, List<TimeRange>> map) {
        if (map == null || map.isEmpty()) {
            return Map.of();
        }
        Map<K, List<TimeRange>> copy = new HashMap<>();
        map.forEach((k, v) -> copy.put(k, v == null ? null : Values.copy(v)));
        return Collections.unmodifiableMap(copy);
    }

    /** The same hours Monday to Friday. */
    public static AvailabilityInput weekdays(String timeZone, TimeRange hours) {
        Map<DayOfWeek, List<TimeRange>> week = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d != DayOfWeek.SATURDAY && d != DayOfWeek.SUNDAY) {
                week.put(d, List.of(hours));
            }
        }
        return new AvailabilityInput(timeZone, week, Map.of(), null, null, null, null, null);
    }

    /** The same hours every day. */
    public static AvailabilityInput everyDay(String timeZone, TimeRange hours) {
        Map<DayOfWeek, List<TimeRange>> week = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek d : DayOfWeek.values()) {
            week.put(d, List.of(hours));
        }
        return new AvailabilityInput(timeZone, week, Map.of(), null, null, null, null, null);
    }

    public AvailabilityInput withBuffers(Duration before, Duration after) {
        return new AvailabilityInput(timeZone, weeklyHours, dateOverrides, before, after, minimumNotice, horizon, slotLength);
    }

    public AvailabilityInput withNotice(Duration notice, Duration newHorizon) {
        return new AvailabilityInput(timeZone, weeklyHours, dateOverrides, bufferBefore, bufferAfter, notice, newHorizon, slotLength);
    }

    public AvailabilityInput withSlotLength(Duration length) {
        return new AvailabilityInput(timeZone, weeklyHours, dateOverrides, bufferBefore, bufferAfter, minimumNotice, horizon, length);
    }

    public AvailabilityInput withOverride(LocalDate date, List<TimeRange> hours) {
        Map<LocalDate, List<TimeRange>> o = new HashMap<>(dateOverrides);
        o.put(date, hours);
        return new AvailabilityInput(timeZone, weeklyHours, o, bufferBefore, bufferAfter, minimumNotice, horizon, slotLength);
    }
}
