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
 */
public interface BookingService {

    /**
     * Books a PENDING booking. Expired holds of the provider are released first, in the same
     * transaction. When the provider has availability, the time must lie inside its working hours.
     *
     * @throws dev.portalkit.core.ValidationException naming the field: end not after start, unknown
     *         customer, provider or zone, outside working hours, beyond the horizon, inside the minimum notice
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
     * a link to the new one, which keeps its status. On conflict nothing changes.
     *
     * @return the new booking
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

    /** Sets (replaces) the provider's availability. */
    Availability setAvailability(UUID providerId, AvailabilityInput input, CallContext context);

    Optional<Availability> availability(UUID providerId);

    /**
     * Slots of {@code length} (null: the provider's slot length) starting every slot length from the
     * start of each working window, inside working hours, after the minimum notice, within the
     * horizon, and not overlapping (with buffers) any blocking booking. Local times that do not exist
     * (spring forward) are skipped; ambiguous ones (fall back) take the earlier offset.
     *
     * @throws dev.portalkit.core.ValidationException when the provider has no availability or the range is bad
     */
    List<Slot> freeSlots(UUID providerId, Instant from, Instant to, @Nullable Duration length);
}
