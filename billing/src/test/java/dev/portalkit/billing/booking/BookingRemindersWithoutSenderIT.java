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

/** No reminderSender and no outbox (portalkit-messaging) installed: the job claims nothing and says so. */
class BookingRemindersWithoutSenderIT {

    static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
    static final TestClock clock = new TestClock(NOW);

    @RegisterExtension
    static final PortalExtension kit = BillingTests.portal(new InMemoryPaymentGateway(), clock);

    @Test
    void withoutASenderTheJobClaimsNothingAndSaysSoAndTheRemindersWait() {
        BookingService bookings = kit.portal().service(BookingService.class);
        UUID provider = BillingTests.provider(kit.portal(), a -> a);
        UUID customer = BillingTests.user(kit.portal(), "cust");
        Instant start = NOW.plus(Duration.ofDays(2));
        Booking b = bookings.book(NewBooking.of(customer, provider, start, start.plus(Duration.ofHours(1)), "UTC",
                "Call"), CLIENT);
        clock.set(start.minus(Duration.ofMinutes(30)));
        assertThat(bookings.sendDueReminders(10, CallContext.system("job"))).isEqualTo(new ReminderRun(0, 0, "none"));
        assertThat(number(kit.portal().dataSource(), "SELECT count(*) FROM portal.booking_reminders WHERE booking_id = ?"
                + " AND status = 'PENDING'", b.id())).isEqualTo(2);
    }

    @Test
    void noReminderOffsetsMeansNoReminders() {
        // reminderOffsets() with nothing: the option is valid and bookings get no reminder rows
        assertThat(dev.portalkit.billing.BillingOptions.builder().reminderOffsets().build().reminderOffsets()).isEmpty();
    }
}
