package dev.portalkit.billing.booking;

import static dev.portalkit.billing.BillingTests.CLIENT;
import static dev.portalkit.testing.Queries.number;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portalkit.billing.BillingTests;
import dev.portalkit.billing.InMemoryPaymentGateway;
import dev.portalkit.core.CallContext;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code reminderOffsets()} with none: bookings, reschedules and the job work and write no reminder. */
class BookingsWithoutRemindersIT {

    static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
    static final TestClock clock = new TestClock(NOW);

    @RegisterExtension
    static final PortalExtension kit = BillingTests.portal(new InMemoryPaymentGateway(), clock,
            o -> o.reminderOffsets().reminderSender((r, c) -> { throw new AssertionError("nothing to send"); }));

    @Test
    void noOffsetsMeansNoReminderRowsThroughBookHoldAndReschedule() {
        BookingService bookings = kit.portal().service(BookingService.class);
        UUID provider = BillingTests.provider(kit.portal(), a -> a);
        UUID customer = BillingTests.user(kit.portal(), "cust");
        Instant start = NOW.plus(Duration.ofDays(2));
        Booking b = bookings.book(NewBooking.of(customer, provider, start, start.plus(Duration.ofHours(1)), "UTC",
                "Call"), CLIENT);
        bookings.hold(NewBooking.of(customer, provider, start.plus(Duration.ofHours(3)), start.plus(Duration.ofHours(4)),
                "UTC", "Held"), null, CLIENT);
        Booking moved = bookings.reschedule(b.id(), b.version(), start.plus(Duration.ofDays(1)),
                start.plus(Duration.ofDays(1)).plus(Duration.ofHours(1)), CLIENT);
        assertThat(moved.id()).isNotEqualTo(b.id());
        assertThat(number(kit.portal().dataSource(), "SELECT count(*) FROM portal.booking_reminders")).isZero();
        clock.set(start.plus(Duration.ofDays(1)).minusSeconds(60));
        assertThat(bookings.sendDueReminders(10, CallContext.system("job"))).isEqualTo(new ReminderRun(0, 0, "hook"));
    }
}
