package dev.portalkit.billing.internal;

import dev.portalkit.billing.booking.Availability;
import dev.portalkit.billing.booking.AvailabilityInput;
import dev.portalkit.billing.booking.Booking;
import dev.portalkit.billing.booking.BookingConflictException;
import dev.portalkit.billing.booking.BookingPaymentRefusedException;
import dev.portalkit.billing.booking.BookingService;
import dev.portalkit.billing.booking.BookingStateException;
import dev.portalkit.billing.booking.BookingStatus;
import dev.portalkit.billing.booking.CalendarFile;
import dev.portalkit.billing.booking.CancellationClosedException;
import dev.portalkit.billing.booking.NewBooking;
import dev.portalkit.billing.booking.ReminderRun;
import dev.portalkit.billing.booking.Slot;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.CoreError;
import dev.portalkit.core.NotFoundException;
import dev.portalkit.core.Page;
import dev.portalkit.core.PageRequest;
import dev.portalkit.core.PortalException;
import dev.portalkit.core.ValidationException;
import dev.portalkit.core.spi.Cursors;
import dev.portalkit.core.spi.Validation;
import dev.portalkit.core.spi.Values;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Not API: create through the Portal. Overlaps are refused by the {@code bookings_no_overlap}
 * exclusion constraint, never by a read-then-write check; writes that can race on a slot run with
 * {@code callRetrying}, and a deadlock or serialization failure that outlasts the retries is
 * reported as the same {@link BookingConflictException}.
 */
public final class DefaultBookingService implements BookingService {

    /** The longest booking, and the longest slot {@code freeSlots} looks for. */
    static final Duration MAX_LENGTH = Duration.ofDays(1);
    /** Just after the latest start a booking can have: the exclusive upper bound of "every booking". */
    private static final Instant LATEST_START = Validation.LATEST.plusNanos(1000);

    private final BillingContext billing;
    private final Availabilities availabilities;
    private final Reminders reminders;
    private final BookingCalendars calendars;

    DefaultBookingService(BillingContext billing, Reminders reminders) {
        this.billing = billing;
        this.availabilities = new Availabilities(billing);
        this.reminders = reminders;
        this.calendars = new BookingCalendars(billing);
    }

    // ------------------------------------------------------------------------------------------
    // book / hold

    @Override
    public Booking book(NewBooking booking, CallContext context) {
        return create(booking, BookingStatus.PENDING, null, context);
    }

    @Override
    public Booking hold(NewBooking booking, Duration ttl, CallContext context) {
        Duration t = ttl == null ? billing.options.holdTtl() : ttl;
        if (t.isNegative() || t.isZero() || t.compareTo(Duration.ofDays(1)) > 0) {
            throw new ValidationException("ttl", "must be more than zero and at most a day");
        }
        return create(booking, BookingStatus.HELD, t, context);
    }

    private Booking create(NewBooking r, BookingStatus status, Duration ttl, CallContext context) {
        Validation v = new Validation()
                .notNull("customerId", r.customerId())
                .notNull("providerId", r.providerId())
                .text("title", r.title(), 1, 200)
                .optionalText("notes", r.notes(), 5000)
                .optionalText("location", r.location(), 500)
                .optionalText("meetingUrl", r.meetingUrl(), 2000)
                .json("metadata", r.metadata());
        if (r.meetingUrl() != null && !r.meetingUrl().matches("(?i)https?://\\S+")) {
            v.fail("meetingUrl", "must be an http(s) URL");
        }
        Inputs.zone(v, "timeZone", r.timeZone());
        // Validated as stored (to the microsecond): a 1 ns booking is empty once stored, so endsAt says so.
        Instant start = Values.stored(r.startsAt());
        Instant end = Values.stored(r.endsAt());
        times(v, "startsAt", "endsAt", start, end);
        v.throwIfInvalid();
        return callRetrying(() -> {
            Instant now = billing.now();
            // One statement: reference checks, the bookable provider's availability (locked until the
            // COMMIT) and the expiry of the provider's holds. A failed check below rolls the expiry back
            // with the rest, so nothing changes. Unknown references first (all of them at once), then
            // whether the provider can be booked, then the payment, then the time.
            SlotPreflight pre = billing.bookings().prepareSlot(true, r.customerId(), r.providerId(), r.paymentId(), now);
            Validation refs = new Validation();
            if (!pre.customerFound()) {
                refs.fail("customerId", "is not a user");
            }
            if (pre.providerStatus() == null) {
                refs.fail("providerId", "is not a user");
            }
            if (!pre.paymentFound()) {
                refs.fail("paymentId", "is not a payment");
            }
            refs.throwIfInvalid();
            Availability a = bookable(pre);
            if (!pre.paymentUsable()) {
                throw new BookingPaymentRefusedException(pre.paymentStatus() == null
                        ? "is not a payment of the customer (customerId)"
                        : "is " + pre.paymentStatus() + " with nothing left to pay with: only a SUCCEEDED or"
                        + " PARTIALLY_REFUNDED payment of which some is neither refunded nor being refunded pays for a booking");
            }
            checkTime(a, start, end, now, "startsAt");
            auditExpired(pre, context); // written by the INSERT's statement, before its own row
            // The id is chosen here, so that the audit row can be built before the INSERT, which
            // writes it and COMMITs in the same round trip. Its content is that of the row stored:
            // state() holds only values sent, with the times as the database keeps them.
            UUID id = UUID.randomUUID();
            Booking draft = new Booking(id, r.customerId(), r.providerId(), start, end,
                    start.minus(a.bufferBefore()), end.plus(a.bufferAfter()), r.timeZone(), r.title(), r.notes(),
                    r.location(), r.meetingUrl(), r.paymentId(), status, ttl == null ? null : now.plus(ttl), null, null,
                    null, null, r.metadata(), 1, null, null);
            return billing.bookings().insertAudited(draft, billing.lastStatement(
                    status == BookingStatus.HELD ? "booking.held" : "booking.created", "booking", id, null,
                    state(draft), null, context), reminders.offsets(), now); // and its reminders
        });
    }

    private static void times(Validation v, String startField, String endField, Instant start, Instant end) {
        // In range first: the arithmetic below overflows near Instant.MAX.
        boolean inRange = new Validation().instant(startField, start).instant(endField, end).valid();
        v.instant(startField, start).instant(endField, end);
        if (inRange) {
            v.check(endField, end.isAfter(start), "must be after " + startField);
            v.check(endField, !end.isAfter(start.plus(MAX_LENGTH)), "must be at most a day after " + startField);
        }
    }

    /** The provider's minimum notice, horizon and working hours. */
    private static void checkTime(Availability a, Instant start, Instant end, Instant now, String field) {
        Duration notice = a.minimumNotice();
        Duration horizon = a.horizon();
        Validation v = new Validation();
        if (start.isBefore(now.plus(notice))) {
            v.fail(field, "is inside the minimum notice of " + notice.toMinutes() + " minutes");
        } else if (start.isAfter(now.plus(horizon))) {
            v.fail(field, "is beyond the booking horizon of " + horizon.toDays() + " days");
        } else if (!Schedules.covers(a, start, end)) {
            v.fail(field, "is outside the provider's working hours");
        }
        v.throwIfInvalid();
    }

    /** The availability {@link BookingMapper#prepareSlot} read, or why the provider cannot be booked. */
    private static Availability bookable(SlotPreflight pre) {
        AvailabilityRow row = pre.availability();
        if (row == null) {
            throw Availabilities.notBookable(pre.providerStatus());
        }
        return row.toAvailability();
    }


    /** Audits the holds {@link BookingMapper#prepareSlot} expired to free their slots for the new booking. */
    private void auditExpired(SlotPreflight pre, CallContext context) {
        for (UUID expired : pre.expired()) {
            billing.audit("booking.expired", "booking", expired, Map.of("status", "HELD"), Map.of("status", "EXPIRED"),
                    null, context);
        }
    }

    /**
     * {@code tx.callRetrying} for writes racing on one slot: retried on deadlock or serialization failure,
     * and reported as an overlap when the retries do not end it.
     */
    private <T> T callRetrying(Supplier<T> work) {
        try {
            return billing.tx.callRetrying(work);
        } catch (PortalException e) {
            if (e.code() == CoreError.DEADLOCK || e.code() == CoreError.SERIALIZATION_FAILURE) {
                throw new BookingConflictException(e);
            }
            throw e;
        }
    }

    // ------------------------------------------------------------------------------------------
    // transitions

    @Override
    public Booking confirm(UUID id, long expectedVersion, CallContext context) {
        return billing.tx.call(() -> {
            Booking b = require(id);
            expect(b, expectedVersion, "be confirmed", BookingStatus.HELD, BookingStatus.PENDING);
            if (b.status() == BookingStatus.HELD && !b.holdExpiresAt().isAfter(billing.now())) {
                throw new BookingStateException(id, BookingStatus.EXPIRED, "be confirmed: the hold expired");
            }
            return move(b, BookingStatus.CONFIRMED, null, "booking.confirmed", context);
        });
    }

    @Override
    public Booking cancel(UUID id, long expectedVersion, String reason, CallContext context) {
        new Validation().optionalText("reason", reason, 1000).throwIfInvalid();
        return billing.tx.call(() -> {
            Booking b = require(id);
            expect(b, expectedVersion, "be cancelled", BookingStatus.HELD, BookingStatus.PENDING, BookingStatus.CONFIRMED);
            Duration cutoff = billing.options.cancellationCutoff();
            boolean byProvider = context != null && b.providerId().equals(context.actorId());
            if (b.status() != BookingStatus.HELD && !byProvider && billing.now().isAfter(b.startsAt().minus(cutoff))) {
                throw new CancellationClosedException(id, b.startsAt(), cutoff);
            }
            Booking cancelled = move(b, BookingStatus.CANCELLED, reason, "booking.cancelled", context);
            reminders.withdraw(id);
            return cancelled;
        });
    }

    @Override
    public Booking reschedule(UUID id, long expectedVersion, Instant start, Instant end, CallContext context) {
        Instant newStart = Values.stored(start);
        Instant newEnd = Values.stored(end);
        Validation v = new Validation();
        times(v, "newStart", "newEnd", newStart, newEnd);
        v.throwIfInvalid();
        return callRetrying(() -> {
            Booking b = require(id);
            expect(b, expectedVersion, "be rescheduled", BookingStatus.PENDING, BookingStatus.CONFIRMED);
            Instant now = billing.now();
            SlotPreflight pre = billing.bookings().prepareSlot(false, null, b.providerId(), null, now);
            Availability a = bookable(pre); // the payment moves with the booking: checked when it was attached
            checkTime(a, newStart, newEnd, now, "newStart");
            auditExpired(pre, context);
            Booking old = billing.bookings().transition(id, b.status(), b.version(), BookingStatus.RESCHEDULED, now, null);
            if (old == null) {
                throw stale(id, "be rescheduled");
            }
            Booking created = billing.bookings().insertRescheduled(new Booking(null, b.customerId(), b.providerId(), newStart, newEnd,
                    newStart.minus(a.bufferBefore()), newEnd.plus(a.bufferAfter()), b.timeZone(), b.title(), b.notes(),
                    b.location(), b.meetingUrl(), b.paymentId(), b.status(), null, b.confirmedAt(), null, null, null,
                    b.metadata(), 1, null, null), id); // bookings_no_overlap: the whole transaction rolls back
            billing.bookings().linkRescheduled(id, created.id(), newStart, reminders.offsets(), now); // and the reminders
            billing.audit("booking.rescheduled", "booking", id, state(b),
                    Map.of("status", "RESCHEDULED", "rescheduledTo", created.id().toString()), null, context);
            billing.audit("booking.created", "booking", created.id(), null, state(created),
                    Map.of("rescheduledFrom", id.toString()), context);
            return created;
        });
    }

    @Override
    public Booking complete(UUID id, CallContext context) {
        return afterStart(id, BookingStatus.COMPLETED, false, "booking.completed", context);
    }

    @Override
    public Booking markNoShow(UUID id, CallContext context) {
        return afterStart(id, BookingStatus.NO_SHOW, true, "booking.no_show", context);
    }

    private Booking afterStart(UUID id, BookingStatus to, boolean strictlyAfter, String action, CallContext context) {
        return billing.tx.call(() -> {
            Booking b = require(id);
            String what = "be marked " + to;
            expect(b, b.version(), what, BookingStatus.CONFIRMED);
            Instant now = billing.now();
            if (strictlyAfter ? !now.isAfter(b.startsAt()) : now.isBefore(b.startsAt())) {
                throw new BookingStateException(id, b.status(), what + " before it starts");
            }
            return move(b, to, null, action, context);
        });
    }

    private static void expect(Booking b, long expectedVersion, String action, BookingStatus... allowed) {
        if (b.version() != expectedVersion) {
            throw new BookingStateException(b.id(), b.status(), action + " (it changed meanwhile: version "
                    + b.version() + ", expected " + expectedVersion + ")");
        }
        for (BookingStatus s : allowed) {
            if (b.status() == s) {
                return;
            }
        }
        throw new BookingStateException(b.id(), b.status(), action);
    }

    private Booking move(Booking b, BookingStatus to, String reason, String action, CallContext context) {
        Booking after = billing.bookings().transition(b.id(), b.status(), b.version(), to, billing.now(), reason);
        if (after == null) {
            throw stale(b.id(), action);
        }
        billing.audit(action, "booking", b.id(), Map.of("status", b.status().name()), Map.of("status", to.name()),
                reason == null ? null : Map.of("reason", reason), context);
        return after;
    }

    private Booking require(UUID id) {
        Booking b = billing.bookings().find(id);
        if (b == null) {
            throw new NotFoundException("Booking", id);
        }
        return b;
    }

    private BookingStateException stale(UUID id, String action) {
        Booking now = billing.bookings().find(id);
        return new BookingStateException(id, now == null ? null : now.status(), action + " (a concurrent call changed it first)");
    }

    // ------------------------------------------------------------------------------------------
    // reads

    @Override
    public Optional<Booking> find(UUID id) {
        return Optional.ofNullable(billing.tx.read(() -> billing.bookings().find(id)));
    }

    @Override
    public Page<Booking> forCustomer(UUID customerId, Instant from, Instant to, PageRequest page) {
        return page(customerId, "customerId", from, to, page, (o, f, t, s, i, n) -> billing.bookings().byCustomer(o, f, t, s, i, n));
    }

    @Override
    public Page<Booking> forProvider(UUID providerId, Instant from, Instant to, PageRequest page) {
        return page(providerId, "providerId", from, to, page, (o, f, t, s, i, n) -> billing.bookings().byProvider(o, f, t, s, i, n));
    }

    private interface Query {
        List<Booking> run(UUID owner, Instant from, Instant to, Instant afterStart, UUID afterId, int limit);
    }

    /**
     * A page of the bookings starting in [from, to). Any range is asked for as it is stored, then cut to
     * the instants a booking can have ({@link Validation#EARLIEST} to {@link Validation#LATEST}): a range
     * outside them is an empty page, [Instant.MIN, Instant.MAX] is every booking.
     */
    private Page<Booking> page(UUID owner, String field, Instant fromInput, Instant toInput, PageRequest page, Query query) {
        Instant from = Values.stored(fromInput);
        Instant to = Values.stored(toInput);
        Availabilities.range(owner, field, from, to);
        Cursors.TimeKey after = Inputs.after(page);
        Instant lower = from.isBefore(Validation.EARLIEST) ? Validation.EARLIEST : from;
        Instant upper = to.isAfter(LATEST_START) ? LATEST_START : to;
        if (!lower.isBefore(upper)) {
            return new Page<>(List.of(), null);
        }
        List<Booking> rows = billing.tx.readReplica(() -> query.run(owner, lower, upper, after.at(), after.id(),
                page.limit() + 1)); // one statement: autocommit
        return Cursors.page(rows, page.limit(), b -> Cursors.encode(b.startsAt(), b.id()));
    }


    // ------------------------------------------------------------------------------------------
    // availability: Availabilities

    @Override
    public Availability setAvailability(UUID providerId, AvailabilityInput in, CallContext context) {
        return availabilities.setAvailability(providerId, in, context);
    }

    @Override
    public boolean removeAvailability(UUID providerId, CallContext context) {
        return availabilities.removeAvailability(providerId, context);
    }

    @Override
    public Optional<Availability> availability(UUID providerId) {
        return availabilities.availability(providerId);
    }

    @Override
    public List<Slot> freeSlots(UUID providerId, Instant from, Instant to, Duration length) {
        return availabilities.freeSlots(providerId, from, to, length);
    }

    // ------------------------------------------------------------------------------------------
    // calendar and reminders: BookingCalendars, Reminders

    @Override
    public CalendarFile calendar(UUID bookingId) {
        return calendars.calendar(bookingId);
    }

    @Override
    public CalendarFile calendarFeed(UUID userId) {
        return calendars.calendarFeed(userId);
    }

    @Override
    public ReminderRun sendDueReminders(int batch, CallContext context) {
        return reminders.sendDue(batch, context);
    }

    private static Map<String, Object> state(Booking b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", b.status().name());
        m.put("providerId", b.providerId().toString());
        m.put("customerId", b.customerId().toString());
        m.put("startsAt", b.startsAt().toString());
        m.put("endsAt", b.endsAt().toString());
        return m;
    }

}
