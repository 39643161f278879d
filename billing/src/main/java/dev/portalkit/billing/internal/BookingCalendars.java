package dev.portalkit.billing.internal;

import dev.portalkit.billing.booking.BookingService;
import dev.portalkit.billing.booking.CalendarFile;
import dev.portalkit.core.NotFoundException;
import dev.portalkit.core.spi.Validation;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** {@link BookingService#calendar} and {@link BookingService#calendarFeed}. Not API. */
final class BookingCalendars {

    static final String CONTENT_TYPE = "text/calendar; charset=UTF-8; method=PUBLISH";

    private final BillingContext billing;

    BookingCalendars(BillingContext billing) {
        this.billing = billing;
    }

    CalendarFile calendar(UUID bookingId) {
        new Validation().notNull("bookingId", bookingId).throwIfInvalid();
        // read(): the series and its latest booking in one transaction would need one; two autocommit reads can
        // only see a later booking of the same series, which is the one to show anyway.
        CalendarRow row = billing.tx.read(() -> {
            UUID series = billing.bookings().seriesOf(bookingId);
            return series == null ? null : billing.bookings().calendarOf(series);
        });
        if (row == null) {
            throw new NotFoundException("Booking", bookingId);
        }
        return new CalendarFile("booking-" + row.uid() + ".ics", CONTENT_TYPE,
                ICalendar.write("PUBLISH", List.of(event(row)), billing.now()));
    }

    CalendarFile calendarFeed(UUID userId) {
        new Validation().notNull("userId", userId).throwIfInvalid();
        List<CalendarRow> rows = billing.tx.readReplica(() -> billing.bookings().calendarFeed(userId,
                BookingService.FEED_LIMIT));
        List<ICalendar.Event> events = new ArrayList<>(rows.size());
        for (int i = rows.size() - 1; i >= 0; i--) { // oldest first
            events.add(event(rows.get(i)));
        }
        return new CalendarFile("bookings-" + userId + ".ics", CONTENT_TYPE,
                ICalendar.write("PUBLISH", events, billing.now()));
    }

    private static ICalendar.Event event(CalendarRow r) {
        return new ICalendar.Event(r.uid() + "@portalkit", r.sequence(), r.startsAt(), r.endsAt(), zone(r.zone()),
                r.title(), r.notes(), r.location(), r.meetingUrl(), status(r.status()), r.createdAt(), r.updatedAt());
    }

    /** Zones are validated when stored; one this JVM's zone rules do not know (older tzdata) is shown in UTC. */
    static ZoneId zone(String id) {
        try {
            return ZoneId.of(id);
        } catch (DateTimeException | NullPointerException e) {
            return ZoneId.of("UTC");
        }
    }

    private static String status(String bookingStatus) {
        return switch (bookingStatus) {
            case "HELD", "PENDING" -> "TENTATIVE";
            case "CANCELLED", "EXPIRED" -> "CANCELLED";
            default -> "CONFIRMED"; // CONFIRMED, COMPLETED, NO_SHOW (and RESCHEDULED, never the latest of a series)
        };
    }
}
