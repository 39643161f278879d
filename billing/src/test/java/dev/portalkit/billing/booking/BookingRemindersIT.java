package dev.portalkit.billing.booking;

import static dev.portalkit.billing.BillingTests.CLIENT;
import static dev.portalkit.testing.Queries.column;
import static dev.portalkit.testing.Queries.number;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.billing.BillingTests;
import dev.portalkit.billing.InMemoryPaymentGateway;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.Portal;
import dev.portalkit.core.ValidationException;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.Race;
import dev.portalkit.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * README "Booking reminders", with the default offsets (24 hours and 1 hour) and a {@link ReminderSender} hook
 * that records what it is handed (billing's tests run without portalkit-messaging).
 */
class BookingRemindersIT {

    static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
    static final TestClock clock = new TestClock(NOW);
    static final Queue<BookingReminder> sent = new ConcurrentLinkedQueue<>();

    @RegisterExtension
    static final PortalExtension kit = BillingTests.portal(new InMemoryPaymentGateway(), clock,
            o -> o.reminderSender((reminder, context) -> sent.add(reminder)));

    /** Each test sees only its own reminders: the job is global, the database is the class's. */
    @BeforeEach
    void reset() throws Exception {
        clock.set(NOW);
        sent.clear();
        try (var c = portal().dataSource().getConnection(); var s = c.createStatement()) {
            s.executeUpdate("UPDATE portal.booking_reminders SET status = 'WITHDRAWN' WHERE status = 'PENDING'");
        }
    }

    private Portal portal() {
        return kit.portal();
    }

    private BookingService bookings() {
        return portal().service(BookingService.class);
    }

    private UUID provider(String zone) {
        UUID provider = BillingTests.user(portal(), "provider");
        bookings().setAvailability(provider, AvailabilityInput.everyDay(zone, TimeRange.of("00:00", "00:00"))
                .withNotice(Duration.ofMinutes(30), Duration.ofDays(60)), CLIENT);
        return provider;
    }

    private Booking book(UUID provider, Instant start) {
        UUID customer = BillingTests.user(portal(), "cust");
        return bookings().book(NewBooking.of(customer, provider, start, start.plus(Duration.ofMinutes(30)), "UTC",
                "Checkup"), CLIENT);
    }

    /** "offset seconds/status" of the booking's reminders, longest offset first. */
    private List<String> reminders(UUID bookingId) {
        return column(portal().dataSource(), "SELECT offset_seconds || '/' || status || '/' || CAST(extract(epoch FROM due_at) AS bigint)"
                + " FROM portal.booking_reminders WHERE booking_id = ? ORDER BY offset_seconds DESC", bookingId);
    }

    private static String row(Duration offset, String status, Instant due) {
        return offset.getSeconds() + "/" + status + "/" + due.getEpochSecond();
    }

    private ReminderRun run() {
        return bookings().sendDueReminders(100, CallContext.system("reminders"));
    }

    @Test
    void aBookingGetsOneReminderPerOffsetExceptThoseAlreadyPast() {
        UUID provider = provider("UTC");
        Instant far = NOW.plus(Duration.ofDays(2));
        Instant soon = NOW.plus(Duration.ofHours(3));
        Booking a = book(provider, far);
        Booking b = book(provider, soon);
        assertThat(reminders(a.id())).containsExactly(row(Duration.ofHours(24), "PENDING", far.minus(Duration.ofHours(24))),
                row(Duration.ofHours(1), "PENDING", far.minus(Duration.ofHours(1))));
        assertThat(reminders(b.id())).as("the 24-hour reminder was due before the booking was made")
                .containsExactly(row(Duration.ofHours(1), "PENDING", soon.minus(Duration.ofHours(1))));
    }

    @Test
    void dueRemindersAreHandedOverOnceAtTheirTimeWithTheStartInTheProvidersZone() {
        UUID provider = provider("Asia/Tokyo");
        Instant start = NOW.plus(Duration.ofDays(2));
        Booking b = book(provider, start);
        assertThat(run()).isEqualTo(new ReminderRun(0, 0, "hook"));

        clock.set(start.minus(Duration.ofHours(24)).minusNanos(1000));
        assertThat(run().sent()).as("a microsecond early").isZero();
        clock.set(start.minus(Duration.ofHours(24)));
        assertThat(run()).isEqualTo(new ReminderRun(1, 0, "hook"));
        assertThat(run().sent()).isZero();
        BookingReminder r = sent.peek();
        assertThat(r.bookingId()).isEqualTo(b.id());
        assertThat(r.offset()).isEqualTo(Duration.ofHours(24));
        assertThat(r.start().getZone()).isEqualTo(ZoneId.of("Asia/Tokyo"));
        assertThat(r.start().toInstant()).isEqualTo(start);
        assertThat(r.idempotencyKey()).isEqualTo("booking-reminder:" + r.id());
        assertThat(r.customerEmail()).contains("@");

        clock.set(start.minus(Duration.ofMinutes(30)));
        assertThat(run().sent()).isEqualTo(1);
        assertThat(sent).extracting(BookingReminder::offset).containsExactly(Duration.ofHours(24), Duration.ofHours(1));
        assertThat(number(portal().dataSource(), "SELECT count(*) FROM portal.booking_reminders WHERE booking_id = ?"
                + " AND status = 'SENT' AND sent_at IS NOT NULL", b.id())).isEqualTo(2);
    }

    @Test
    void cancellingWithdrawsPendingRemindersAndNothingIsSentAfter() {
        UUID provider = provider("UTC");
        Instant start = NOW.plus(Duration.ofDays(3));
        Booking b = book(provider, start);
        clock.set(start.minus(Duration.ofHours(23)));
        assertThat(run().sent()).isEqualTo(1);
        // by the provider: the customer's cancellation closed 24 hours before the start
        bookings().cancel(b.id(), b.version(), null, CallContext.of(provider, "203.0.113.5", "provider"));
        assertThat(reminders(b.id())).containsExactly(row(Duration.ofHours(24), "SENT", start.minus(Duration.ofHours(24))),
                row(Duration.ofHours(1), "WITHDRAWN", start.minus(Duration.ofHours(1))));
        clock.set(start.minus(Duration.ofMinutes(10)));
        assertThat(run().sent()).isZero();
        assertThat(sent).hasSize(1);
    }

    @Test
    void remindersOfABookingThatStartedOrWasCompletedMeanwhileAreWithdrawnNotSentLate() {
        UUID provider = provider("UTC");
        Instant start = NOW.plus(Duration.ofDays(2));
        Booking b = book(provider, start);
        clock.set(start.plus(Duration.ofMinutes(1))); // the job did not run for a day
        assertThat(run()).isEqualTo(new ReminderRun(0, 2, "hook"));
        assertThat(sent).isEmpty();
        assertThat(reminders(b.id())).allSatisfy(r -> assertThat(r).contains("/WITHDRAWN/"));
    }

    @Test
    void reschedulingMovesPendingRemindersAndReArmsOnesAlreadySentForTheOldTime() {
        UUID provider = provider("UTC");
        Instant start = NOW.plus(Duration.ofDays(2));
        Booking b = book(provider, start);
        String oneHourId = column(portal().dataSource(), "SELECT id::text FROM portal.booking_reminders"
                + " WHERE booking_id = ? AND offset_seconds = 3600", b.id()).get(0);
        clock.set(start.minus(Duration.ofHours(20)));
        assertThat(run().sent()).isEqualTo(1); // the 24-hour one, for the old time

        Instant newStart = start.plus(Duration.ofDays(2));
        Booking moved = bookings().reschedule(b.id(), b.version(), newStart, newStart.plus(Duration.ofMinutes(30)), CLIENT);

        assertThat(reminders(b.id())).as("the old booking keeps what was sent for it")
                .containsExactly(row(Duration.ofHours(24), "SENT", start.minus(Duration.ofHours(24))));
        assertThat(reminders(moved.id())).containsExactly(
                row(Duration.ofHours(24), "PENDING", newStart.minus(Duration.ofHours(24))),
                row(Duration.ofHours(1), "PENDING", newStart.minus(Duration.ofHours(1))));
        assertThat(column(portal().dataSource(), "SELECT id::text FROM portal.booking_reminders WHERE booking_id = ?"
                + " AND offset_seconds = 3600", moved.id())).as("the pending one moved").containsExactly(oneHourId);

        clock.set(start.minus(Duration.ofMinutes(30)));
        assertThat(run().sent()).as("nothing is due at the old time any more").isZero();
        clock.set(newStart.minus(Duration.ofMinutes(30)));
        assertThat(run().sent()).isEqualTo(2);
        assertThat(sent).extracting(BookingReminder::idempotencyKey).doesNotHaveDuplicates().hasSize(3);
        assertThat(sent).filteredOn(r -> r.bookingId().equals(moved.id())).extracting(r -> r.start().toInstant())
                .containsOnly(newStart);
    }

    @Test
    void reschedulingToSoonerWithdrawsTheRemindersWhoseNewTimeHasPassed() {
        UUID provider = provider("UTC");
        Booking b = book(provider, NOW.plus(Duration.ofDays(2)));
        Instant newStart = NOW.plus(Duration.ofMinutes(45));
        Booking moved = bookings().reschedule(b.id(), b.version(), newStart, newStart.plus(Duration.ofMinutes(30)), CLIENT);
        assertThat(reminders(moved.id())).containsExactly(
                row(Duration.ofHours(24), "WITHDRAWN", newStart.minus(Duration.ofHours(24))),
                row(Duration.ofHours(1), "WITHDRAWN", newStart.minus(Duration.ofHours(1))));
        assertThat(run()).isEqualTo(new ReminderRun(0, 0, "hook"));
    }

    @Test
    void tenConcurrentJobsHandEachDueReminderOverExactlyOnce() throws Exception {
        UUID provider = provider("Europe/Paris");
        Instant first = NOW.plus(Duration.ofDays(3));
        List<UUID> booked = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            booked.add(book(provider, first.plus(Duration.ofMinutes(30L * i))).id());
        }
        clock.set(first.plus(Duration.ofMinutes(5))); // the 24-hour ones and the first 1-hour ones; the first booking has started
        long due = number(portal().dataSource(), "SELECT count(*) FROM portal.booking_reminders r JOIN portal.bookings b"
                + " ON b.id = r.booking_id WHERE r.status = 'PENDING' AND r.due_at <= ? AND b.starts_at > ?",
                java.sql.Timestamp.from(clock.instant()), java.sql.Timestamp.from(clock.instant()));
        assertThat(due).as("the 24-hour reminders of 48 bookings, the 1-hour ones of 2").isEqualTo(50);

        List<Race.Outcome<Integer>> outcomes = Race.run(10, i -> () -> {
            int total = 0;
            for (int round = 0; round < 40; round++) {
                total += bookings().sendDueReminders(3, CallContext.system("job-" + i)).sent();
            }
            return total;
        });

        assertThat(outcomes).noneMatch(Race.Outcome::failed);
        assertThat(outcomes.stream().mapToInt(Race.Outcome::value).sum()).isEqualTo((int) due);
        assertThat(sent).hasSize((int) due);
        assertThat(sent).extracting(BookingReminder::id).doesNotHaveDuplicates();
        assertThat(sent).extracting(BookingReminder::bookingId).allMatch(booked::contains);
        assertThat(number(portal().dataSource(), "SELECT count(*) FROM portal.booking_reminders WHERE status = 'SENT'"
                + " AND booking_id = ANY (SELECT id FROM portal.bookings WHERE provider_id = ?)", provider)).isEqualTo(due);
        assertThat(run().sent()).isZero();
    }

    @Test
    void aBadBatchIsRefusedAndChangesNothing() {
        for (int batch : new int[] {0, -1, 1001, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            assertThatThrownBy(() -> bookings().sendDueReminders(batch, CLIENT)).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("batch");
        }
    }
}
