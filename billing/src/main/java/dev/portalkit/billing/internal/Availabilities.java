package dev.portalkit.billing.internal;

import dev.portalkit.billing.booking.Availability;
import dev.portalkit.billing.booking.AvailabilityInput;
import dev.portalkit.billing.booking.Booking;
import dev.portalkit.billing.booking.ProviderNotBookableException;
import dev.portalkit.billing.booking.Slot;
import dev.portalkit.billing.booking.TimeRange;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.ValidationException;
import dev.portalkit.core.spi.Validation;
import dev.portalkit.core.spi.Values;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The providers' availability behind {@link DefaultBookingService}: setting and removing it (what makes
 * a user bookable), and the free slots it leaves. Setting and removing write the row, so they wait for the
 * bookings that read it {@code FOR SHARE} ({@link BookingMapper#prepareSlot}); {@code freeSlots} reads
 * without locks, as a booking checks everything again. Not API.
 */
final class Availabilities {

    private static final Duration MAX_RANGE = Duration.ofDays(366);

    private final BillingContext billing;

    Availabilities(BillingContext billing) {
        this.billing = billing;
    }

    private Availability availabilityOf(UUID providerId) {
        AvailabilityRow row = billing.availability().find(providerId);
        return row == null ? null : row.toAvailability();
    }

    Availability setAvailability(UUID providerId, AvailabilityInput in, CallContext context) {
        Validation v = new Validation().notNull("providerId", providerId);
        Inputs.zone(v, "timeZone", in.timeZone());
        // Scanned, not containsKey(null): immutable maps throw on a null look-up.
        v.check("weeklyHours", in.weeklyHours().keySet().stream().noneMatch(Objects::isNull), "must not hold a null day");
        v.check("dateOverrides", in.dateOverrides().keySet().stream().noneMatch(Objects::isNull), "must not hold a null date");
        in.weeklyHours().forEach((day, ranges) -> hours(v, "weeklyHours." + day, ranges));
        in.dateOverrides().forEach((date, ranges) -> hours(v, "dateOverrides." + date, ranges));
        int before = minutes(v, "bufferBefore", in.bufferBefore(), Duration.ZERO, 0, 1440);
        int after = minutes(v, "bufferAfter", in.bufferAfter(), Duration.ZERO, 0, 1440);
        int notice = minutes(v, "minimumNotice", in.minimumNotice(), billing.options.minimumNotice(), 0, 525_600);
        int slot = minutes(v, "slotLength", in.slotLength(), Duration.ofMinutes(30), 5, 1440);
        Duration horizon = in.horizon() == null ? billing.options.bookingHorizon() : in.horizon();
        v.check("horizon", !horizon.isNegative() && horizon.toDays() >= 1 && horizon.toDays() <= 3660
                && horizon.equals(Duration.ofDays(horizon.toDays())), "must be 1 to 3660 whole days");
        v.throwIfInvalid();
        Map<String, Object> weekly = new LinkedHashMap<>();
        for (DayOfWeek d : DayOfWeek.values()) {
            if (in.weeklyHours().containsKey(d)) {
                weekly.put(d.name(), AvailabilityRow.json(in.weeklyHours().get(d)));
            }
        }
        Map<String, Object> overrides = new LinkedHashMap<>();
        in.dateOverrides().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> overrides.put(e.getKey().toString(), AvailabilityRow.json(e.getValue())));
        return billing.tx.call(() -> {
            AvailabilityRow row = billing.availability().upsert(providerId, in.timeZone(), weekly, overrides, before,
                    after, notice, (int) horizon.toDays(), slot);
            if (row == null) { // on this path only: why
                String status = billing.availability().userStatus(providerId);
                if (status == null) {
                    throw new ValidationException("providerId", "is not a user");
                }
                throw new ProviderNotBookableException("is " + status + ": only an active user can be given availability");
            }
            billing.audit("availability.updated", "provider_availability", providerId, null,
                    Map.of("timeZone", in.timeZone(), "version", row.version()), null, context);
            return row.toAvailability();
        });
    }

    private static void hours(Validation v, String field, List<TimeRange> ranges) {
        if (ranges == null) {
            v.fail(field, "is required (an empty list is a day off)");
            return;
        }
        if (ranges.stream().anyMatch(Objects::isNull)) {
            v.fail(field, "must not hold an empty (null) range");
            return;
        }
        List<TimeRange> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparing(TimeRange::start));
        LocalTime previousEnd = null;
        for (TimeRange r : sorted) {
            if (!r.endsAtMidnight() && !r.end().isAfter(r.start())) {
                v.fail(field, "each range must end after it starts");
                return;
            }
            if (previousEnd != null && (previousEnd.equals(LocalTime.MIDNIGHT) || r.start().isBefore(previousEnd))) {
                v.fail(field, "ranges must not overlap");
                return;
            }
            previousEnd = r.end();
        }
    }

    private static int minutes(Validation v, String field, Duration d, Duration fallback, int min, int max) {
        Duration value = d == null ? fallback : d;
        long m = value.toMinutes();
        if (value.isNegative() || !value.equals(Duration.ofMinutes(m)) || m < min || m > max) {
            v.fail(field, "must be " + min + " to " + max + " whole minutes");
            return 0;
        }
        return (int) m;
    }

    boolean removeAvailability(UUID providerId, CallContext context) {
        return billing.tx.call(() -> {
            AvailabilityRow row = billing.availability().delete(providerId);
            if (row == null) {
                return false;
            }
            billing.audit("availability.removed", "provider_availability", providerId,
                    Map.of("timeZone", row.timeZone(), "version", row.version()), null, null, context);
            return true;
        });
    }

    Optional<Availability> availability(UUID providerId) {
        return Optional.ofNullable(billing.tx.readReplica(() -> availabilityOf(providerId)));
    }

    List<Slot> freeSlots(UUID providerId, Instant fromInput, Instant toInput, Duration length) {
        Instant from = Values.stored(fromInput);
        Instant to = Values.stored(toInput);
        range(providerId, "providerId", from, to);
        // In range first: the zone and day arithmetic below fails or overflows near Instant.MIN and MAX.
        new Validation().instant("from", from).instant("to", to).throwIfInvalid();
        if (to.isAfter(from.plus(MAX_RANGE))) {
            throw new ValidationException("to", "must be at most 366 days after from");
        }
        if (length != null && (length.isNegative() || length.isZero() || length.compareTo(DefaultBookingService.MAX_LENGTH) > 0)) {
            throw new ValidationException("length", "must be more than zero and at most a day");
        }
        // Two reads that need no common snapshot (under READ COMMITTED a transaction would not give
        // them one either): autocommit saves the BEGIN/COMMIT round trip. A booking re-checks everything.
        return billing.tx.readReplica(() -> {
            AvailabilityRow row = billing.availability().findBookable(providerId);
            if (row == null) {
                throw notBookable(billing.availability().userStatus(providerId)); // on this path only: why
            }
            Availability a = row.toAvailability();
            Instant now = billing.now();
            Duration len = length == null ? a.slotLength() : length;
            Instant earliest = now.plus(a.minimumNotice());
            Instant latest = now.plus(a.horizon());
            List<Booking> taken = billing.bookings().blocking(providerId, from.minus(Duration.ofDays(2)),
                    to.plus(Duration.ofDays(2)), now);
            return Schedules.slots(a, from, to, len, a.slotLength(), slot -> {
                if (slot.start().isBefore(earliest) || slot.start().isAfter(latest)) {
                    return false;
                }
                Instant blockedFrom = slot.start().minus(a.bufferBefore());
                Instant blockedUntil = slot.end().plus(a.bufferAfter());
                for (Booking b : taken) {
                    if (b.blockedFrom().isBefore(blockedUntil) && blockedFrom.isBefore(b.blockedUntil())) {
                        return false;
                    }
                }
                return true;
            });
        });
    }

    /** Why a provider whose availability was not found (or not bookable) cannot be booked, from its status. */
    static ProviderNotBookableException notBookable(String status) {
        if (status == null) {
            return new ProviderNotBookableException("is not a live user");
        }
        if (!"ACTIVE".equals(status)) {
            return new ProviderNotBookableException("is " + status + ": only an active user can be booked");
        }
        return new ProviderNotBookableException("has no availability: only an active user whose availability was set"
                + " (BookingService.setAvailability) can be booked");
    }

    /** A list's or a search's owner and range: all required, {@code to} after {@code from}. */
    static void range(UUID id, String field, Instant from, Instant to) {
        Validation v = new Validation().notNull(field, id).notNull("from", from).notNull("to", to);
        if (from != null && to != null) {
            v.check("to", to.isAfter(from), "must be after from");
        }
        v.throwIfInvalid();
    }
}
