package dev.portalkit.billing.booking;

import java.time.LocalTime;
import java.util.Objects;

/** Local working hours on one day, {@code [start, end)}; {@code end} 00:00 means midnight at the end of the day. */
public record TimeRange(LocalTime start, LocalTime end) {

    public TimeRange {
        Objects.requireNonNull(start, "null start");
        Objects.requireNonNull(end, "null end");
    }

    public static TimeRange of(String start, String end) {
        return new TimeRange(LocalTime.parse(start), LocalTime.parse(end));
    }

    /** Whether the range ends at midnight after its start. */
    public boolean endsAtMidnight() {
        return end.equals(LocalTime.MIDNIGHT);
    }
}
