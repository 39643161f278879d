package dev.portalkit.billing.booking;

import dev.portalkit.core.Nullable;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.Page;
import dev.portalkit.core.PageRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Bookings and availability. Transitions take the version the caller saw and are one
 * compare-and-set each: of concurrent transitions of one booking exactly one wins, the others get a
 * {@link BookingStateException}.
 *
 * <p>Who can be booked: a provider is a live, ACTIVE user with availability, which only
 * {@link #setAvailability} gives (the host decides who may call it: typically an administrator or
 * the staff member for themself) and {@link #removeAvailability} takes away. {@link #book},
 * {@link #hold} and {@link #reschedule} refuse any other user as provider
 * ({@link ProviderNotBookableException}) and any time outside the provider's working hours, minimum
 * notice and horizon, checked in the statement that locks the provider's availability and user rows
 * until the booking commits: a booking never commits against availability that was removed or
 * changed, or a provider that was disabled or deleted, before it.
 */
public interface BookingService {

    /**
     * Books a PENDING booking. Expired holds of the provider are released first, in the same
     * transaction. The provider must be bookable (see above) and the time inside its working hours,
     * after its minimum notice and within its horizon. A {@code paymentId} must be the customer's and
     * captured: SUCCEEDED or PARTIALLY_REFUNDED, with some of it neither refunded nor being refunded.
     *
     * @throws dev.portalkit.core.ValidationException naming the field: end not after start, unknown
     *         customer, provider, payment or zone, outside working hours, beyond the horizon, inside the minimum notice
     * @throws ProviderNotBookableException (PK-3103, {@code providerId}) the provider is not an active user with availability
     * @throws BookingPaymentRefusedException (PK-3104, {@code paymentId}) someone else's payment, or one not captured
     * @throws BookingConflictException when the time (plus buffers) overlaps a blocking booking
     */
    Booking book(NewBooking booking, CallContext context);

    /** Like {@link #book} but HELD until {@code ttl} from now (null: the module's hold TTL, 10 minutes). */
    Booking hold(NewBooking booking, @Nullable Duration ttl, CallContext context);

    /** HELD (not expired) or PENDING to CONFIRMED. */
    Booking confirm(UUID id, long expectedVersion, CallContext context);

    /**
     * HELD, PENDING or CONFIRMED to CANCELLED; frees the slot. Closed {@code cancellationCutoff}
     * before the start, except for a HELD booking and for the provider (the acting user).
     */
    Booking cancel(UUID id, long expectedVersion, @Nullable String reason, CallContext context);

    /**
     * Moves a PENDING or CONFIRMED booking, in one transaction: the old one becomes RESCHEDULED with
     * a link to the new one, which keeps its status (and its payment, checked when it was booked). On
     * conflict nothing changes. The provider must still be bookable and the new time inside its hours.
     *
     * @return the new booking
     * @throws ProviderNotBookableException (PK-3103) the provider is no longer an active user with availability
     */
    Booking reschedule(UUID id, long expectedVersion, Instant newStart, Instant newEnd, CallContext context);

    /** CONFIRMED to COMPLETED, once it has started. */
    Booking complete(UUID id, CallContext context);

    /** CONFIRMED to NO_SHOW, only after the start. */
    Booking markNoShow(UUID id, CallContext context);

    Optional<Booking> find(UUID id);

    /** The customer's bookings starting in {@code [from, to)}, by start, keyset-paginated. */
    Page<Booking> forCustomer(UUID customerId, @Nullable Instant from, @Nullable Instant to, PageRequest page);

    /** The provider's bookings starting in {@code [from, to)}, by start, keyset-paginated. */
    Page<Booking> forProvider(UUID providerId, @Nullable Instant from, @Nullable Instant to, PageRequest page);

    /**
     * Sets (replaces) the provider's availability: this makes an active user bookable. Waits for
     * bookings of the provider in progress, so none of them commits against the old hours afterwards.
     *
     * @throws ProviderNotBookableException (PK-3103) the user is not ACTIVE
     */
    Availability setAvailability(UUID providerId, AvailabilityInput input, CallContext context);

    /**
     * Removes the provider's availability: from then on the provider cannot be booked (existing
     * bookings stay; cancel them if need be, {@link #forProvider} lists them). Waits for bookings of
     * the provider in progress: each commits before the removal, or is refused.
     *
     * @return whether the provider had availability
     */
    boolean removeAvailability(UUID providerId, CallContext context);

    Optional<Availability> availability(UUID providerId);

    /**
     * Slots of {@code length} (null: the provider's slot length) starting every slot length from the
     * start of each working window, inside working hours, after the minimum notice, within the
     * horizon, and not overlapping (with buffers) any blocking booking. Local times that do not exist
     * (spring forward) are skipped; ambiguous ones (fall back) take the earlier offset.
     *
     * @throws ProviderNotBookableException when the provider cannot be booked (no availability, not an active user)
     * @throws dev.portalkit.core.ValidationException when the range is bad
     */
    List<Slot> freeSlots(UUID providerId, Instant from, Instant to, @Nullable Duration length);

    // ------------------------------------------------------------------------------------------
    // calendar and reminders (README "Calendar files", "Booking reminders")

    /**
     * The booking as an iCalendar file (RFC 5545, METHOD:PUBLISH) to attach to an e-mail: one VEVENT with UID
     * {@code <id>@portalkit} of the first booking of its reschedule chain (so a calendar that imported it
     * replaces the event instead of adding one), a SEQUENCE that grows with every confirmation, reschedule
     * and cancellation, STATUS TENTATIVE (pending), CONFIRMED (also completed, no-show) or CANCELLED, and
     * DTSTART/DTEND in the provider's zone (the booker's when the provider has no availability) with its
     * VTIMEZONE. For a booking that was rescheduled it is the chain's latest booking that is shown.
     *
     * @throws dev.portalkit.core.NotFoundException when there is no such booking
     */
    CalendarFile calendar(UUID bookingId);

    /**
     * One VCALENDAR with the user's bookings as customer and as provider (the latest {@value #FEED_LIMIT} by
     * start), each as {@link #calendar} shows it; HELD and EXPIRED bookings are left out, cancelled ones are
     * in as CANCELLED so that a subscribed calendar removes them. An unknown user's feed is empty.
     */
    CalendarFile calendarFeed(UUID userId);

    /** How many bookings {@link #calendarFeed} holds at most. */
    int FEED_LIMIT = 2000;

    /**
     * The reminder job: claims up to {@code batch} due PENDING reminders (FOR UPDATE SKIP LOCKED, so any number
     * of instances may run it at once and each reminder is handed over once) and, in the same transaction,
     * hands each to BillingOptions.reminderSender when set, else queues template {@code booking.reminder}
     * through portalkit-messaging's outbox when messaging is installed (idempotency key
     * {@code booking-reminder:<reminderId>}), and marks it SENT. A reminder whose booking is no longer PENDING
     * or CONFIRMED, has started, or whose customer is gone is WITHDRAWN instead. With neither sender nothing
     * is claimed and the run says {@code sender="none"}.
     *
     * @param batch 1 to 1000
     */
    ReminderRun sendDueReminders(int batch, CallContext context);
}
