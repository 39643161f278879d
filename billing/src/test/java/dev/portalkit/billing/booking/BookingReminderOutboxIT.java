package dev.portalkit.billing.booking;

import static dev.portalkit.billing.BillingTests.CLIENT;
import static dev.portalkit.testing.Queries.number;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.auth.AuthModule;
import dev.portalkit.auth.AuthOptions;
import dev.portalkit.billing.BillingModule;
import dev.portalkit.billing.BillingOptions;
import dev.portalkit.billing.BillingTests;
import dev.portalkit.billing.InMemoryPaymentGateway;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.PortalModule;
import dev.portalkit.core.spi.ModuleContext;
import dev.portalkit.core.spi.Outbox;
import dev.portalkit.core.spi.Transactions;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Without a reminderSender, reminders go to the {@link Outbox} another module provides (portalkit-messaging in a
 * host; here a module of the test's own, started after billing, which billing does not depend on).
 */
class BookingReminderOutboxIT {

    /** What the outbox was asked to queue, and whether a transaction was open at the time. */
    record Queued(String template, String to, UUID userId, Map<String, Object> model, String key, boolean inTransaction) {
    }

    /** Provides an Outbox that records each call and fails while {@link #fail} is set. */
    static final class OutboxModule implements PortalModule {
        final List<Queued> queued = new CopyOnWriteArrayList<>();
        volatile boolean fail;
        volatile Transactions tx;

        @Override
        public String name() {
            return "fakeoutbox";
        }

        @Override
        public String migrationLocation() {
            return "classpath:dev/portalkit/billing/fakeoutbox/none";
        }

        @Override
        public void start(ModuleContext context) {
            tx = context.transactions();
            context.provide(Outbox.class, (template, to, userId, model, key, ctx) -> {
                if (fail) {
                    throw new IllegalStateException("outbox down");
                }
                queued.add(new Queued(template, to, userId, new java.util.HashMap<String, Object>(model), key, tx.active()));
                return UUID.randomUUID();
            });
        }
    }

    static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
    static final TestClock clock = new TestClock(NOW);
    static final OutboxModule outbox = new OutboxModule();

    @RegisterExtension
    static final PortalExtension kit = PortalExtension.builder()
            .install(new AuthModule(AuthOptions.builder().bcryptCost(4).build()),
                    new BillingModule(BillingOptions.builder().gateway(new InMemoryPaymentGateway()).build()), outbox)
            .clock(clock)
            .build();

    @Test
    void dueRemindersAreQueuedInTheOutboxInTheClaimsTransactionWithTheirIdempotencyKey() {
        BookingService bookings = kit.portal().service(BookingService.class);
        UUID provider = BillingTests.user(kit.portal(), "provider");
        bookings.setAvailability(provider, AvailabilityInput.everyDay("America/New_York", TimeRange.of("00:00", "00:00")),
                CLIENT);
        UUID customer = BillingTests.user(kit.portal(), "zoe");
        Instant start = Instant.parse("2026-03-09T15:00:00Z"); // 11:00 in New York, the day after DST began
        Booking b = bookings.book(NewBooking.of(customer, provider, start, start.plus(Duration.ofHours(1)), "UTC",
                "Dental, cleaning"), CLIENT);
        clock.set(start.minus(Duration.ofHours(2)));

        outbox.fail = true;
        assertThatThrownBy(() -> bookings.sendDueReminders(10, CallContext.system("job"))).isInstanceOf(dev.portalkit.core.PortalException.class).hasRootCauseMessage("outbox down");
        assertThat(number(kit.portal().dataSource(), "SELECT count(*) FROM portal.booking_reminders WHERE booking_id = ?"
                + " AND status = 'PENDING'", b.id())).as("a failed hand-over rolls the claim back").isEqualTo(2);

        outbox.fail = false;
        assertThat(bookings.sendDueReminders(10, CallContext.system("job"))).isEqualTo(new ReminderRun(1, 0, "outbox"));
        assertThat(outbox.queued).hasSize(1);
        Queued q = outbox.queued.get(0);
        assertThat(q.inTransaction()).isTrue();
        assertThat(q.template()).isEqualTo("booking.reminder");
        assertThat(q.to()).contains("@");
        assertThat(q.userId()).isEqualTo(customer);
        String id = dev.portalkit.testing.Queries.column(kit.portal().dataSource(), "SELECT id::text FROM"
                + " portal.booking_reminders WHERE booking_id = ? AND status = 'SENT'", b.id()).get(0);
        assertThat(q.key()).isEqualTo("booking-reminder:" + id);
        assertThat(q.model()).containsEntry("title", "Dental, cleaning").containsEntry("timeZone", "America/New_York")
                .containsEntry("startDate", "2026-03-09").containsEntry("startTime", "11:00")
                .containsEntry("start", "2026-03-09T11:00-04:00").containsEntry("offsetMinutes", 1440L)
                .containsEntry("bookingId", b.id().toString());
        assertThat(bookings.sendDueReminders(10, CallContext.system("job")).sent()).isZero();
    }
}
