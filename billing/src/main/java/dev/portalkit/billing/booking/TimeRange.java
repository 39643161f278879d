package dev.portalkit.billing.booking;

import dev.portalkit.core.ValidationException;
import dev.portalkit.core.spi.Validation;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;

/** Local working hours on one day, {@code [start, end)}; {@code end} 00:00 means midnight at the end of the day. */
public record TimeRange(LocalTime start, LocalTime end) {

    /** @throws ValidationException when {@code start} or {@code end} is missing */
    public TimeRange {
        new Validation().notNull("start", start).notNull("end", end).throwIfInvalid();
    }

    /** From local times such as {@code "09:00"}; @throws ValidationException naming the field that is no time. */
    public static TimeRange of(String start, String end) {
        return new TimeRange(time("start", start), time("end", end));
    }

    private static LocalTime time(String field, String text) {
        try {
            return text == null ? null : LocalTime.parse(text);
        } catch (DateTimeParseException e) {
            throw new ValidationException(field, "must be a local time such as 09:00");
        }
    }

    /** Whether the range ends at midnight after its start. */
    public boolean endsAtMidnight() {
        return end.equals(LocalTime.MIDNIGHT);
    }
}
