package dev.portalkit.billing.booking;

import static dev.portalkit.billing.BillingTests.CLIENT;
import static dev.portalkit.billing.BillingTests.at;
import static dev.portalkit.billing.BillingTests.slot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.billing.BillingTests;
import dev.portalkit.billing.InMemoryPaymentGateway;
import dev.portalkit.core.ActivityLog;
import dev.portalkit.core.PageRequest;
import dev.portalkit.core.ValidationException;
import dev.portalkit.core.ValidationException.FieldError;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.Race;
import dev.portalkit.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A booking is checked against the provider's hours as they are when it commits, however often they
 * change: parsed hours are kept between bookings, and must never outlive the row they were read from.
 */
class AvailabilityChangeIT {

    static final TestClock clock = new TestClock(Instant.parse("2026-03-02T12:00:00Z"));

    @RegisterExtension
    static final PortalExtension kit = BillingTests.portal(new InMemoryPaymentGateway(), clock);

    private static final TimeRange MORNING = TimeRange.of("00:00", "12:00");
    private static final TimeRange AFTERNOON = TimeRange.of("12:00", "00:00");

    private static BookingService bookings() {
        return kit.portal().service(BookingService.class);
    }

    private static UUID user(String name) {
        return BillingTests.user(kit.portal(), name);
    }

    private static AvailabilityInput every(TimeRange hours) {
        return AvailabilityInput.everyDay("UTC", hours).withNotice(Duration.ZERO, Duration.ofDays(60));
    }

    private static void assertOutsideHours(UUID customer, UUID provider, String start, String end) {
        assertThatThrownBy(() -> bookings().book(slot(customer, provider, start, end), CLIENT))
                .as("%s-%s", start, end)
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors())
                        .containsExactly(new FieldError("startsAt", "is outside the provider's working hours")));
    }

    @Test
    void everyChangeOfHoursCountsFromTheNextBookingBackAndForthIncluded() {
        UUID provider = user("provider");
        UUID customer = user("c");
        bookings().setAvailability(provider, every(MORNING), CLIENT);
        bookings().book(slot(customer, provider, "09:00", "09:30"), CLIENT);
        assertOutsideHours(customer, provider, "13:00", "13:30");

        bookings().setAvailability(provider, every(AFTERNOON), CLIENT);
        assertOutsideHours(customer, provider, "09:30", "10:00");
        bookings().book(slot(customer, provider, "13:00", "13:30"), CLIENT);

        // Back to hours seen before: the same text as the first row, a newer version.
        bookings().setAvailability(provider, every(MORNING), CLIENT);
        bookings().book(slot(customer, provider, "09:30", "10:00"), CLIENT);
        assertOutsideHours(customer, provider, "13:30", "14:00");

        // An override of that one date, then none again.
        LocalDate thursday = LocalDate.of(2026, 3, 5);
        bookings().setAvailability(provider, every(MORNING).withOverride(thursday, List.of(AFTERNOON)), CLIENT);
        assertOutsideHours(customer, provider, "10:00", "10:30");
        bookings().book(slot(customer, provider, "13:30", "14:00"), CLIENT);
        bookings().setAvailability(provider, every(MORNING), CLIENT);
        bookings().book(slot(customer, provider, "10:00", "10:30"), CLIENT);

        // Removed and set again with other hours: a new row.
        bookings().removeAvailability(provider, CLIENT);
        bookings().setAvailability(provider, every(AFTERNOON), CLIENT);
        assertOutsideHours(customer, provider, "10:30", "11:00");
        bookings().book(slot(customer, provider, "14:00", "14:30"), CLIENT);
    }

    /**
     * A row removed and set again in one transaction has the version and updated_at of the row before it
     * (both new rows, both stamped with the transaction's time): only the hours themselves tell them apart.
     * The afternoon booking would be refused under the morning's hours.
     */
    @Test
    void hoursSetAgainInOneTransactionWithTheSameVersionAndTimeAreTheOnesABookingSees() {
        UUID provider = user("provider");
        UUID customer = user("c");
        AtomicReference<Availability> first = new AtomicReference<>();
        AtomicReference<Availability> second = new AtomicReference<>();
        kit.portal().inTransaction(() -> {
            first.set(bookings().setAvailability(provider, every(MORNING), CLIENT));
            bookings().book(slot(customer, provider, "09:00", "09:30"), CLIENT);
            bookings().removeAvailability(provider, CLIENT);
            second.set(bookings().setAvailability(provider, every(AFTERNOON), CLIENT));
            bookings().book(slot(customer, provider, "13:00", "13:30"), CLIENT);
        });
        assertThat(second.get().version()).isEqualTo(first.get().version());
        assertThat(second.get().updatedAt()).isEqualTo(first.get().updatedAt());
        assertOutsideHours(customer, provider, "10:00", "10:30");
        assertThat(bookings().forProvider(provider, Instant.MIN, Instant.MAX, PageRequest.first(10)).items())
                .extracting(Booking::startsAt).containsExactly(at("09:00"), at("13:00"));
    }

    /**
     * Six threads book every half hour of their own day while a seventh flips the provider's hours
     * between morning and afternoon, each time inside a host transaction that then lists the provider's
     * bookings. A booking first listed after a flip committed after it: it must lie inside the hours
     * that flip set (and, before any flip, inside the first hours).
     */
    @Test
    void hoursChangedWhileBookingsAreMadeAreTheHoursEveryLaterBookingIsCheckedAgainst() throws Exception {
        UUID provider = user("provider");
        bookings().setAvailability(provider, every(MORNING), CLIENT);
        int bookers = 6;
        int flips = 12;
        List<UUID> customers = new ArrayList<>();
        for (int i = 0; i < bookers; i++) {
            customers.add(user("c" + i));
        }
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        // The hours in force from each flip on, and the bookings each flip's transaction saw.
        List<TimeRange> hoursAfterFlip = new ArrayList<>();
        List<List<UUID>> seenAtFlip = new ArrayList<>();
        Map<UUID, Instant> booked = new ConcurrentHashMap<>();
        List<Race.Outcome<Object>> outcomes = Race.run(bookers + 1, i -> () -> {
            if (i == bookers) {
                TimeRange hours = MORNING;
                for (int f = 0; f < flips && finished.get() < bookers; f++) {
                    int until = attempts.get() + 12;
                    while (attempts.get() < until && finished.get() < bookers) {
                        Thread.onSpinWait();
                    }
                    TimeRange next = hours == MORNING ? AFTERNOON : MORNING;
                    List<UUID> seen = new ArrayList<>();
                    kit.portal().inTransaction(() -> {
                        bookings().setAvailability(provider, every(next), CLIENT);
                        bookings().forProvider(provider, Instant.MIN, Instant.MAX, PageRequest.first(500)).items()
                                .forEach(b -> seen.add(b.id()));
                    });
                    hours = next;
                    hoursAfterFlip.add(next);
                    seenAtFlip.add(seen);
                }
                return "flipped";
            }
            try {
                int made = 0;
                for (int n = 0; n < 48; n++) {
                    Instant start = at("00:00").plus(Duration.ofDays(i)).plus(Duration.ofMinutes(30L * n));
                    attempts.incrementAndGet();
                    try {
                        Booking b = bookings().book(NewBooking.of(customers.get(i), provider, start,
                                start.plus(Duration.ofMinutes(30)), "UTC", "Race"), CLIENT);
                        booked.put(b.id(), b.startsAt());
                        made++;
                    } catch (ValidationException e) {
                        assertThat(e.errors()).containsExactly(
                                new FieldError("startsAt", "is outside the provider's working hours"));
                    }
                }
                return made;
            } finally {
                finished.incrementAndGet();
            }
        });
        assertThat(outcomes).as("how each thread ended").noneMatch(Race.Outcome::failed);
        assertThat(hoursAfterFlip).as("flips made while bookings were made").hasSizeGreaterThanOrEqualTo(2);
        assertThat(booked).as("bookings made").isNotEmpty();
        // The hours each booking committed under: those of the last flip whose transaction did not see it.
        Map<UUID, TimeRange> committedUnder = new HashMap<>();
        for (UUID id : booked.keySet()) {
            TimeRange hours = MORNING;
            for (int f = 0; f < seenAtFlip.size() && !seenAtFlip.get(f).contains(id); f++) {
                hours = hoursAfterFlip.get(f);
            }
            committedUnder.put(id, hours);
        }
        booked.forEach((id, start) -> {
            LocalTime local = start.atOffset(ZoneOffset.UTC).toLocalTime();
            boolean morning = local.isBefore(LocalTime.NOON);
            assertThat(morning ? MORNING : AFTERNOON).as("the hours booking %s at %s committed under", id, start)
                    .isEqualTo(committedUnder.get(id));
        });
        assertThat(kit.portal().service(ActivityLog.class).verify().intact()).isTrue();
    }
}
