package dev.portalkit.billing.internal;

import dev.portalkit.billing.booking.Booking;
import dev.portalkit.billing.booking.BookingStatus;
import dev.portalkit.core.spi.AuditRows;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Param;

/** bookings. Not API. */
public interface BookingMapper {

    /**
     * Inserts {@code b} with its id (version and timestamps ignored) as the transaction's last
     * statement: it also writes {@code audit}'s rows and, when it ends the transaction, COMMITs.
     */
    Booking insertAudited(@Param("b") Booking b, @Param("audit") AuditRows audit, @Param("offsets") List<Long> offsetSeconds,
                          @Param("now") Instant now);

    /** Inserts {@code b} as the next booking of {@code from}'s series (its calendar UID), at {@code from}'s sequence. */
    Booking insertRescheduled(@Param("b") Booking b, @Param("from") UUID from);

    /** The latest booking of the series {@code uid}, with its provider's zone. */
    CalendarRow calendarOf(@Param("uid") UUID uid);

    /** The series (calendar UID) of booking {@code id}, or {@code null} for an unknown booking. */
    UUID seriesOf(@Param("id") UUID id);

    List<CalendarRow> calendarFeed(@Param("userId") UUID userId, @Param("limit") int limit);

    Booking find(@Param("id") UUID id);

    /**
     * One statement before a booking's INSERT: marks the provider's holds that expired by {@code now}
     * EXPIRED (freeing their slots), reads the provider's status and, when the provider is bookable
     * (a live, ACTIVE user with availability), its availability, locking both rows FOR SHARE until the
     * transaction ends; with {@code checkRefs} it also says whether the customer is a live user and
     * the payment (when not {@code null}) exists and may pay for the booking, otherwise those answers
     * are {@code true}.
     */
    SlotPreflight prepareSlot(@Param("checkRefs") boolean checkRefs, @Param("customerId") UUID customerId,
                              @Param("providerId") UUID providerId, @Param("paymentId") UUID paymentId,
                              @Param("now") Instant now);

    /** The compare-and-set behind every transition; {@code null} when status or version moved. */
    Booking transition(@Param("id") UUID id, @Param("from") BookingStatus from, @Param("version") long version,
                       @Param("to") BookingStatus to, @Param("now") Instant now, @Param("reason") String reason);

    /**
     * Links RESCHEDULED booking {@code id} to its new booking {@code to} and moves its reminders there (see the XML);
     * returns the rows linked.
     */
    int linkRescheduled(@Param("id") UUID id, @Param("to") UUID to, @Param("startsAt") Instant startsAt,
                        @Param("offsets") List<Long> offsetSeconds, @Param("now") Instant now);

    List<Booking> byCustomer(@Param("customerId") UUID customerId, @Param("from") Instant from, @Param("to") Instant to,
                           @Param("afterStart") Instant afterStart, @Param("afterId") UUID afterId, @Param("limit") int limit);

    List<Booking> byProvider(@Param("providerId") UUID providerId, @Param("from") Instant from, @Param("to") Instant to,
                           @Param("afterStart") Instant afterStart, @Param("afterId") UUID afterId, @Param("limit") int limit);

    /** Blocking bookings (live holds only) whose blocked time overlaps [from, to). */
    List<Booking> blocking(@Param("providerId") UUID providerId, @Param("from") Instant from, @Param("to") Instant to,
                           @Param("now") Instant now);
}
