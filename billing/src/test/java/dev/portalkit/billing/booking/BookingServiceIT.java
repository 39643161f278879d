package dev.portalkit.billing.booking;

import static dev.portalkit.billing.BillingTests.CLIENT;
import static dev.portalkit.billing.BillingTests.at;
import static dev.portalkit.billing.BillingTests.oneWinner;
import static dev.portalkit.testing.Queries.number;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.auth.UserService;
import dev.portalkit.billing.BillingTests;
import dev.portalkit.billing.InMemoryPaymentGateway;
import dev.portalkit.core.ActivityLog;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.CoreError;
import dev.portalkit.core.Page;
import dev.portalkit.core.PageRequest;
import dev.portalkit.core.Portal;
import dev.portalkit.core.ValidationException.FieldError;
import dev.portalkit.core.ValidationException;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.Race;
import dev.portalkit.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.TimeZone;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BookingServiceIT {

    static final Instant MONDAY_NOON = Instant.parse("2026-03-02T12:00:00Z");
    static final TestClock clock = new TestClock(MONDAY_NOON);

    @RegisterExtension
    static final PortalExtension kit = BillingTests.portal(new InMemoryPaymentGateway(), clock);

    @BeforeEach
    @AfterEach
    void resetClock() {
        clock.set(MONDAY_NOON);
    }

    private Portal portal() {
        return kit.portal();
    }

    private BookingService bookings() {
        return portal().service(BookingService.class);
    }

    private UUID user(String name) {
        return BillingTests.user(portal(), name);
    }

    /** A provider working all day every day in UTC, with the given buffer after, no minimum notice. */
    private UUID allDayProvider(Duration bufferAfter) {
        return BillingTests.provider(portal(), a -> a.withBuffers(Duration.ZERO, bufferAfter)
                .withNotice(Duration.ZERO, Duration.ofDays(60)));
    }

    /** A provider working all day every day in UTC, with the module's notice and horizon (120 minutes, 60 days). */
    private UUID provider() {
        return BillingTests.provider(portal(), a -> a);
    }

    private NewBooking slot(UUID customer, UUID provider, String start, String end) {
        return NewBooking.of(customer, provider, at(start), at(end), "Europe/Paris", "Consultation");
    }

    private Booking assertOneWinner(List<Race.Outcome<Booking>> outcomes, UUID provider) {
        Booking winner = oneWinner(outcomes, BookingConflictException.class);
        assertThat(number(portal().dataSource(), "SELECT count(*) FROM portal.bookings WHERE provider_id = ? AND status IN ('PENDING', 'CONFIRMED')",
                provider)).isEqualTo(1);
        return winner;
    }

    @Test
    void fiftyThreadsBookingOneSlotLeaveExactlyOneBookingAndFortyNineConflicts() throws Exception {
        UUID provider = provider();
        List<UUID> customers = BillingTests.users(portal(), "c", 50);
        List<Race.Outcome<Booking>> outcomes = Race.run(50, i -> () -> bookings().book(slot(customers.get(i), provider, "10:00", "11:00"), CLIENT));
        assertOneWinner(outcomes, provider);
    }

    @Test
    void fiftyThreadsWithPartialOverlapsLeaveExactlyOneBooking() throws Exception {
        UUID provider = provider();
        UUID customer = user("c");
        // Each starts i minutes after 10:00 and lasts an hour: every pair overlaps, none is identical.
        List<Race.Outcome<Booking>> outcomes = Race.run(50, i -> () -> bookings().book(NewBooking.of(customer, provider,
                at("10:00").plus(Duration.ofMinutes(i)), at("11:00").plus(Duration.ofMinutes(i)), "UTC", "Call"), CLIENT));
        assertOneWinner(outcomes, provider);
    }

    @Test
    void fiftyThreadsRacingAroundABufferedBookingLeaveExactlyOneMore() throws Exception {
        UUID provider = allDayProvider(Duration.ofMinutes(10));
        UUID customer = user("c");
        bookings().book(slot(customer, provider, "10:00", "10:30"), CLIENT);
        // 10:30 to 10:39 all fall in the 10-minute buffer; 10:40 and later are free but overlap each other.
        List<Race.Outcome<Booking>> outcomes = Race.run(50, i -> () -> bookings().book(NewBooking.of(customer, provider,
                at("10:30").plus(Duration.ofMinutes(i % 20)), at("11:30"), "UTC", "Call"), CLIENT));
        assertThat(oneWinner(outcomes, BookingConflictException.class).startsAt()).isAfterOrEqualTo(at("10:40"));
    }

    @Test
    void fiftyThreadsRacingForSlotsFreedByExpiredHoldsLeaveOneBookingAndAuditEachExpiryOnce() throws Exception {
        UUID provider = provider();
        UUID customer = user("c");
        Booking first = bookings().hold(slot(customer, provider, "10:00", "10:30"), Duration.ofMinutes(5), CLIENT);
        Booking second = bookings().hold(slot(customer, provider, "10:30", "11:00"), Duration.ofMinutes(5), CLIENT);
        clock.set(MONDAY_NOON.plus(Duration.ofMinutes(5)));
        // Every request overlaps both holds and each other. The expired holds' audit rows travel in the
        // statement of the booking that expired them (before its own row, with its COMMIT): they must
        // be written once, by a transaction that committed.
        List<Race.Outcome<Booking>> outcomes = Race.run(50, i -> () -> bookings().book(NewBooking.of(customer, provider,
                at("10:00").plus(Duration.ofMinutes(i % 25)), at("11:00").plus(Duration.ofMinutes(i % 25)), "UTC", "Call"),
                CLIENT));
        Booking winner = assertOneWinner(outcomes, provider);
        for (Booking held : List.of(first, second)) {
            assertThat(bookings().find(held.id()).orElseThrow().status()).isEqualTo(BookingStatus.EXPIRED);
            assertThat(number(portal().dataSource(), "SELECT count(*) FROM portal.activity_logs WHERE action = 'booking.expired' AND entity_id = ?",
                    held.id())).isEqualTo(1);
        }
        assertThat(number(portal().dataSource(), "SELECT count(*) FROM portal.activity_logs WHERE action = 'booking.created'"
                + " AND after->>'providerId' = ?", provider.toString())).isEqualTo(1);
        assertThat(number(portal().dataSource(), "SELECT count(*) FROM portal.activity_logs WHERE action = 'booking.created' AND entity_id = ?",
                winner.id())).isEqualTo(1);
        assertThat(portal().service(ActivityLog.class).verify().intact()).isTrue();
    }

    @Test
    void aTenMinuteBufferAfterBlocks1035AndAllows1040() {
        UUID provider = allDayProvider(Duration.ofMinutes(10));
        UUID customer = user("c");
        Booking first = bookings().book(slot(customer, provider, "10:00", "10:30"), CLIENT);
        assertThat(first.blockedUntil()).isEqualTo(at("10:40"));
        assertThatThrownBy(() -> bookings().book(slot(customer, provider, "10:35", "11:00"), CLIENT))
                .isInstanceOf(BookingConflictException.class);
        assertThat(bookings().book(slot(customer, provider, "10:40", "11:00"), CLIENT).status())
                .isEqualTo(BookingStatus.PENDING);
    }

    @Test
    void backToBackBookingsAreFine() {
        UUID provider = provider();
        UUID customer = user("c");
        bookings().book(slot(customer, provider, "10:00", "11:00"), CLIENT);
        bookings().book(slot(customer, provider, "11:00", "12:00"), CLIENT);
        bookings().book(slot(customer, provider, "09:00", "10:00"), CLIENT);
        Page<Booking> first = bookings().forProvider(provider, at("00:00"), at("23:59"), PageRequest.first(2));
        assertThat(first.items()).extracting(Booking::startsAt).containsExactly(at("09:00"), at("10:00"));
        Page<Booking> second = bookings().forProvider(provider, at("00:00"), at("23:59"), PageRequest.first(2).next(first));
        assertThat(second.items()).extracting(Booking::startsAt).containsExactly(at("11:00"));
        assertThat(second.hasNext()).isFalse();
        assertThat(bookings().forCustomer(customer, at("00:00"), at("23:59"), PageRequest.first(10)).items()).hasSize(3);
    }

    @Test
    void concurrentConfirmCancelAndRescheduleLetExactlyOneTransitionWin() throws Exception {
        UUID provider = provider();
        UUID customer = user("c");
        for (int round = 0; round < 5; round++) {
            String hour = String.format("%02d", 8 + 2 * round);
            Booking b = bookings().book(slot(customer, provider, hour + ":00", hour + ":30"), CLIENT);
            Instant newStart = at(hour + ":45");
            List<Race.Outcome<Booking>> outcomes = Race.<Booking>run(3, i -> switch (i) {
                case 0 -> () -> bookings().confirm(b.id(), b.version(), CLIENT);
                case 1 -> () -> bookings().cancel(b.id(), b.version(), "changed plans", CLIENT);
                default -> () -> bookings().reschedule(b.id(), b.version(), newStart, newStart.plus(Duration.ofMinutes(30)), CLIENT);
            });
            oneWinner(outcomes, BookingStateException.class);
            Booking after = bookings().find(b.id()).orElseThrow();
            long successors = number(portal().dataSource(), "SELECT count(*) FROM portal.bookings WHERE provider_id = ? AND starts_at = ?",
                    provider, java.sql.Timestamp.from(newStart));
            if (!outcomes.get(2).failed()) {
                Booking moved = outcomes.get(2).value();
                assertThat(after.status()).isEqualTo(BookingStatus.RESCHEDULED);
                assertThat(after.rescheduledTo()).isEqualTo(moved.id());
                assertThat(successors).isEqualTo(1);
            } else {
                assertThat(after.status()).isIn(BookingStatus.CONFIRMED, BookingStatus.CANCELLED);
                assertThat(after.rescheduledTo()).isNull();
                assertThat(successors).isZero();
            }
            assertThat(after.version()).isEqualTo(b.version() + 1);
        }
    }

    @Test
    void cancelledAndExpiredHoldsFreeTheirSlot() {
        UUID provider = provider();
        UUID customer = user("c");
        Booking held = bookings().hold(slot(customer, provider, "10:00", "11:00"), null, CLIENT);
        assertThat(held.status()).isEqualTo(BookingStatus.HELD);
        assertThat(held.holdExpiresAt()).isEqualTo(MONDAY_NOON.plus(Duration.ofMinutes(10)));
        assertThatThrownBy(() -> bookings().book(slot(customer, provider, "10:30", "11:30"), CLIENT))
                .isInstanceOf(BookingConflictException.class);

        clock.set(MONDAY_NOON.plus(Duration.ofMinutes(10)));
        assertThatThrownBy(() -> bookings().confirm(held.id(), held.version(), CLIENT))
                .isInstanceOf(BookingStateException.class);
        Booking taken = bookings().book(slot(customer, provider, "10:30", "11:30"), CLIENT);
        assertThat(bookings().find(held.id()).orElseThrow().status()).isEqualTo(BookingStatus.EXPIRED);
        assertThat(number(portal().dataSource(), "SELECT count(*) FROM portal.activity_logs WHERE action = 'booking.expired' AND entity_id = ?",
                held.id())).isEqualTo(1);

        Booking cancelled = bookings().cancel(taken.id(), taken.version(), "no longer needed", CLIENT);
        assertThat(cancelled.status()).isEqualTo(BookingStatus.CANCELLED);
        assertThat(cancelled.cancellationReason()).isEqualTo("no longer needed");
        assertThat(bookings().book(slot(customer, provider, "10:00", "11:00"), CLIENT).status()).isEqualTo(BookingStatus.PENDING);
    }

    @Test
    void aHoldConfirmedInTimeBecomesConfirmed() {
        UUID provider = provider();
        Booking held = bookings().hold(slot(user("c"), provider, "14:00", "15:00"), Duration.ofMinutes(5), CLIENT);
        clock.set(MONDAY_NOON.plus(Duration.ofMinutes(4)));
        Booking confirmed = bookings().confirm(held.id(), held.version(), CLIENT);
        assertThat(confirmed.status()).isEqualTo(BookingStatus.CONFIRMED);
        assertThat(confirmed.holdExpiresAt()).isNull();
        assertThat(confirmed.confirmedAt()).isEqualTo(clock.instant());
    }

    @Test
    void aRescheduleIntoATakenSlotChangesNothingAndOneIntoAFreeSlotLinksBoth() {
        UUID provider = provider();
        UUID customer = user("c");
        bookings().book(slot(customer, provider, "10:00", "11:00"), CLIENT);
        Booking b = bookings().book(slot(customer, provider, "12:00", "13:00"), CLIENT);
        b = bookings().confirm(b.id(), b.version(), CLIENT);
        long rows = number(portal().dataSource(), "SELECT count(*) FROM portal.bookings WHERE provider_id = ?", provider);
        Booking before = b;
        assertThatThrownBy(() -> bookings().reschedule(before.id(), before.version(), at("10:30"), at("11:30"), CLIENT))
                .isInstanceOf(BookingConflictException.class);
        assertThat(bookings().find(b.id()).orElseThrow()).isEqualTo(b);
        assertThat(number(portal().dataSource(), "SELECT count(*) FROM portal.bookings WHERE provider_id = ?", provider)).isEqualTo(rows);

        // Overlapping its own old time is fine: the old booking stops blocking in the same transaction.
        Booking moved = bookings().reschedule(b.id(), b.version(), at("12:30"), at("13:30"), CLIENT);
        assertThat(moved.status()).isEqualTo(BookingStatus.CONFIRMED);
        Booking old = bookings().find(b.id()).orElseThrow();
        assertThat(old.status()).isEqualTo(BookingStatus.RESCHEDULED);
        assertThat(old.rescheduledTo()).isEqualTo(moved.id());
        assertThatThrownBy(() -> bookings().reschedule(old.id(), old.version(), at("15:00"), at("16:00"), CLIENT))
                .isInstanceOf(BookingStateException.class);
    }

    @Test
    void cancellingInsideTheCutoffIsRefusedExceptForTheProvider() {
        UUID provider = provider();
        UUID customer = user("c");
        clock.set(at("00:00")); // the booking starts in 10 hours: inside the 24-hour cut-off
        Booking b = bookings().book(slot(customer, provider, "10:00", "11:00"), CLIENT);
        assertThatThrownBy(() -> bookings().cancel(b.id(), b.version(), null, CallContext.of(customer, null, null)))
                .isInstanceOf(CancellationClosedException.class);
        assertThat(bookings().cancel(b.id(), b.version(), "provider ill", CallContext.of(provider, null, null)).status())
                .isEqualTo(BookingStatus.CANCELLED);
    }

    @Test
    void noShowOnlyAfterTheStartAndCompleteOnceStarted() {
        UUID provider = provider();
        UUID customer = user("c");
        Booking b = bookings().book(slot(customer, provider, "10:00", "11:00"), CLIENT);
        Booking confirmed = bookings().confirm(b.id(), b.version(), CLIENT);
        assertThatThrownBy(() -> bookings().markNoShow(b.id(), CLIENT)).isInstanceOf(BookingStateException.class);
        clock.set(at("10:00"));
        assertThatThrownBy(() -> bookings().markNoShow(b.id(), CLIENT)).isInstanceOf(BookingStateException.class);
        clock.set(at("10:05"));
        assertThat(bookings().markNoShow(b.id(), CLIENT).status()).isEqualTo(BookingStatus.NO_SHOW);
        assertThatThrownBy(() -> bookings().complete(b.id(), CLIENT)).isInstanceOf(BookingStateException.class);
        assertThat(confirmed.version()).isEqualTo(b.version() + 1);
    }

    @Test
    void newYorkHoursGiveSlotsAtNineLocalAcrossBothDaylightSavingChangesWhateverTheJvmZone() {
        TimeZone jvm = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kolkata"));
        try {
            UUID provider = user("provider");
            bookings().setAvailability(provider, AvailabilityInput.everyDay("America/New_York", TimeRange.of("09:00", "17:00"))
                    .withNotice(Duration.ZERO, Duration.ofDays(365)), CLIENT);
            List<Slot> march = bookings().freeSlots(provider, Instant.parse("2026-03-08T00:00:00Z"),
                    Instant.parse("2026-03-09T00:00:00Z"), Duration.ofHours(1));
            assertThat(march.get(0).start()).isEqualTo(Instant.parse("2026-03-08T13:00:00Z"));
            assertThat(march.get(march.size() - 1).end()).isEqualTo(Instant.parse("2026-03-08T21:00:00Z"));
            List<Slot> november = bookings().freeSlots(provider, Instant.parse("2026-11-01T00:00:00Z"),
                    Instant.parse("2026-11-02T00:00:00Z"), Duration.ofHours(1));
            assertThat(november.get(0).start()).isEqualTo(Instant.parse("2026-11-01T14:00:00Z"));
            assertThat(november).hasSize(15); // 09:00 to 16:00 every 30 minutes
        } finally {
            TimeZone.setDefault(jvm);
        }
    }

    @Test
    void nonExistentLocalTimesAreSkippedAndAmbiguousOnesTakeTheEarlierOffset() {
        UUID provider = user("provider");
        bookings().setAvailability(provider, AvailabilityInput.everyDay("America/New_York", TimeRange.of("01:00", "03:00"))
                .withNotice(Duration.ZERO, Duration.ofDays(365)), CLIENT);
        // 2026-03-08: 02:00-03:00 does not exist; 03:00 is the window's end.
        assertThat(bookings().freeSlots(provider, Instant.parse("2026-03-08T00:00:00Z"), Instant.parse("2026-03-09T00:00:00Z"),
                Duration.ofMinutes(30))).extracting(Slot::start).containsExactly(
                Instant.parse("2026-03-08T06:00:00Z"), Instant.parse("2026-03-08T06:30:00Z"));
        // 2026-11-01: 01:00-02:00 happens twice; the earlier (EDT) one is offered.
        assertThat(bookings().freeSlots(provider, Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-02T00:00:00Z"),
                Duration.ofMinutes(30))).extracting(Slot::start).containsExactly(
                Instant.parse("2026-11-01T05:00:00Z"), Instant.parse("2026-11-01T05:30:00Z"),
                Instant.parse("2026-11-01T07:00:00Z"), Instant.parse("2026-11-01T07:30:00Z"));
    }

    @Test
    void freeSlotsLeaveOutBookingsWithBuffersNoticeAndDaysOff() {
        UUID provider = user("provider");
        LocalDate thursday = LocalDate.of(2026, 3, 5);
        bookings().setAvailability(provider, AvailabilityInput.weekdays("UTC", TimeRange.of("09:00", "12:00"))
                .withBuffers(Duration.ZERO, Duration.ofMinutes(10)).withSlotLength(Duration.ofMinutes(30))
                .withOverride(LocalDate.of(2026, 3, 6), List.of()), CLIENT);
        bookings().book(slot(user("c"), provider, "10:00", "10:30"), CLIENT);
        List<Slot> free = bookings().freeSlots(provider, at("00:00"), at("00:00").plus(Duration.ofDays(2)), Duration.ofMinutes(30));
        // 09:30 would run into 10:00 plus its own buffer after; 10:00 and 10:30 overlap the booking and its buffer.
        assertThat(free).extracting(Slot::start).containsExactly(at("09:00"), at("11:00"), at("11:30"));
        assertThat(thursday.getDayOfWeek().name()).isEqualTo("THURSDAY"); // Friday the 6th is a day off
        assertThatThrownBy(() -> bookings().book(slot(user("c"), provider, "13:00", "13:30"), CLIENT))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("startsAt")).isTrue());
    }

    @Test
    void badInputNamesTheFieldAndWritesNothing() {
        UUID provider = provider();
        UUID customer = user("c");
        assertField(NewBooking.of(customer, provider, at("11:00"), at("10:00"), "UTC", "x"), "endsAt");
        assertField(NewBooking.of(customer, provider, at("10:00"), at("10:00"), "UTC", "x"), "endsAt");
        assertField(NewBooking.of(customer, UUID.randomUUID(), at("10:00"), at("11:00"), "UTC", "x"), "providerId");
        assertField(NewBooking.of(UUID.randomUUID(), provider, at("10:00"), at("11:00"), "UTC", "x"), "customerId");
        assertField(NewBooking.of(customer, provider, at("10:00"), at("11:00"), "Mars/Olympus", "x"), "timeZone");
        assertField(NewBooking.of(customer, provider, MONDAY_NOON.plus(Duration.ofDays(61)),
                MONDAY_NOON.plus(Duration.ofDays(61)).plusSeconds(3600), "UTC", "x"), "startsAt");
        assertField(NewBooking.of(customer, provider, MONDAY_NOON.plus(Duration.ofMinutes(119)),
                MONDAY_NOON.plus(Duration.ofMinutes(179)), "UTC", "x"), "startsAt");
        assertField(NewBooking.of(customer, provider, at("10:00"), at("11:00"), "UTC", " "), "title");
        assertField(new NewBooking(customer, provider, at("10:00"), at("11:00"), "UTC", "x", null, null,
                "javascript:alert(1)", null, java.util.Map.of()), "meetingUrl");
        assertField(new NewBooking(customer, provider, at("10:00"), at("11:00"), "UTC", "x", null, null, null,
                UUID.randomUUID(), java.util.Map.of()), "paymentId");
        assertThat(number(portal().dataSource(), "SELECT count(*) FROM portal.bookings WHERE customer_id = ? OR provider_id = ?", customer, provider))
                .isZero();
        Availability hours = bookings().availability(provider).orElseThrow();
        assertThatThrownBy(() -> bookings().setAvailability(provider, AvailabilityInput.everyDay("Nowhere/Land",
                TimeRange.of("17:00", "09:00")), CLIENT))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.hasError("timeZone")).isTrue();
                    assertThat(e.errors()).anyMatch(f -> f.field().startsWith("weeklyHours."));
                });
        assertThat(bookings().availability(provider)).contains(hours);
    }

    /** Status, version and booking.expired audit rows of a booking, read straight from the table. */
    private String rowState(UUID id) {
        return number(portal().dataSource(), "SELECT version FROM portal.bookings WHERE id = ?", id) + "/"
                + bookings().find(id).orElseThrow().status() + "/"
                + number(portal().dataSource(), "SELECT count(*) FROM portal.activity_logs WHERE action = 'booking.expired' AND entity_id = ?", id);
    }

    private void assertRefused(Runnable call, String... fields) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ValidationException.class, e -> {
            assertThat(e.code()).isEqualTo(CoreError.VALIDATION_FAILED);
            assertThat(e.errors()).extracting(FieldError::field).as("%s", e.errors()).containsExactly(fields);
            for (FieldError f : e.errors()) {
                assertThat(f.message()).isEqualTo(f.field().equals("paymentId") ? "is not a payment" : "is not a user");
            }
        });
    }

    @Test
    void unknownOrDeletedReferencesAreRefusedAsBeforeAndTheStatementsExpiryOfHoldsIsRolledBack() {
        UUID provider = allDayProvider(Duration.ZERO);
        UUID customer = user("c");
        UUID deletedCustomer = user("gone");
        UUID deletedProvider = allDayProvider(Duration.ZERO);
        // Holds that have run out but are not marked yet: a booking's first statement marks them EXPIRED.
        Booking held = bookings().hold(slot(customer, provider, "10:00", "11:00"), Duration.ofMinutes(5), CLIENT);
        Booking heldByDeleted = bookings().hold(slot(customer, deletedProvider, "10:00", "11:00"), Duration.ofMinutes(5), CLIENT);
        portal().service(UserService.class).delete(deletedCustomer, CLIENT);
        portal().service(UserService.class).delete(deletedProvider, CLIENT);
        clock.set(MONDAY_NOON.plus(Duration.ofMinutes(5)));
        String before = rowState(held.id());
        String beforeOfDeleted = rowState(heldByDeleted.id());
        long rows = number(portal().dataSource(), "SELECT count(*) FROM portal.bookings");
        UUID unknown = UUID.randomUUID();

        assertRefused(() -> bookings().book(slot(unknown, provider, "10:00", "11:00"), CLIENT), "customerId");
        assertRefused(() -> bookings().book(slot(deletedCustomer, provider, "10:00", "11:00"), CLIENT), "customerId");
        assertRefused(() -> bookings().hold(slot(deletedCustomer, provider, "10:00", "11:00"), null, CLIENT), "customerId");
        assertRefused(() -> bookings().book(slot(customer, unknown, "10:00", "11:00"), CLIENT), "providerId");
        assertRefused(() -> bookings().book(slot(customer, deletedProvider, "10:00", "11:00"), CLIENT), "providerId");
        assertRefused(() -> bookings().book(new NewBooking(customer, provider, at("10:00"), at("11:00"), "UTC", "x", null,
                null, null, unknown, java.util.Map.of()), CLIENT), "paymentId");
        // Every failing reference at once, in the same order as ever.
        assertRefused(() -> bookings().hold(new NewBooking(unknown, deletedProvider, at("10:00"), at("11:00"), "UTC", "x",
                null, null, null, UUID.randomUUID(), java.util.Map.of()), null, CLIENT), "customerId", "providerId", "paymentId");
        // Valid references, a time outside the horizon: refused after the expiry ran, which rolls back too.
        assertThatThrownBy(() -> bookings().book(NewBooking.of(customer, provider, MONDAY_NOON.plus(Duration.ofDays(61)),
                MONDAY_NOON.plus(Duration.ofDays(61)).plusSeconds(3600), "UTC", "x"), CLIENT))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("startsAt")).isTrue());

        assertThat(rowState(held.id())).isEqualTo(before).endsWith("/HELD/0");
        assertThat(rowState(heldByDeleted.id())).isEqualTo(beforeOfDeleted).endsWith("/HELD/0");
        assertThat(number(portal().dataSource(), "SELECT count(*) FROM portal.bookings")).isEqualTo(rows);
        // The next valid booking expires the hold and audits it once.
        bookings().book(slot(customer, provider, "10:00", "11:00"), CLIENT);
        assertThat(rowState(held.id())).endsWith("/EXPIRED/1");
    }

    @Test
    void aRescheduleRefusedForItsTimeLeavesTheProvidersExpiredHoldsAsTheyWere() {
        UUID provider = allDayProvider(Duration.ZERO);
        UUID customer = user("c");
        Booking b = bookings().book(slot(customer, provider, "08:00", "09:00"), CLIENT);
        Booking held = bookings().hold(slot(customer, provider, "10:00", "11:00"), Duration.ofMinutes(5), CLIENT);
        clock.set(MONDAY_NOON.plus(Duration.ofMinutes(5)));
        String before = rowState(held.id());
        Instant tooFar = MONDAY_NOON.plus(Duration.ofDays(61));
        assertThatThrownBy(() -> bookings().reschedule(b.id(), b.version(), tooFar, tooFar.plusSeconds(3600), CLIENT))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("newStart")).isTrue());
        assertThat(rowState(held.id())).isEqualTo(before).endsWith("/HELD/0");
        assertThat(bookings().find(b.id()).orElseThrow()).isEqualTo(b);
        Booking moved = bookings().reschedule(b.id(), b.version(), at("10:00"), at("11:00"), CLIENT);
        assertThat(moved.startsAt()).isEqualTo(at("10:00"));
        assertThat(rowState(held.id())).endsWith("/EXPIRED/1");
    }

    @Test
    void setAvailabilityForAnUnknownOrDeletedProviderIsRefusedAndWritesNothing() {
        UUID unknown = UUID.randomUUID();
        assertRefused(() -> bookings().setAvailability(unknown, AvailabilityInput.weekdays("UTC", TimeRange.of("09:00", "17:00")),
                CLIENT), "providerId");
        assertThat(bookings().availability(unknown)).isEmpty();

        UUID provider = allDayProvider(Duration.ZERO);
        Availability before = bookings().availability(provider).orElseThrow();
        portal().service(UserService.class).delete(provider, CLIENT);
        long audits = number(portal().dataSource(), "SELECT count(*) FROM portal.activity_logs WHERE action = 'availability.updated' AND entity_id = ?",
                provider);
        // The row exists: the upsert's ON CONFLICT path must not update it for a deleted provider either.
        assertRefused(() -> bookings().setAvailability(provider, AvailabilityInput.weekdays("Europe/Paris",
                TimeRange.of("09:00", "17:00")), CLIENT), "providerId");
        assertThat(bookings().availability(provider)).contains(before);
        assertThat(number(portal().dataSource(), "SELECT count(*) FROM portal.activity_logs WHERE action = 'availability.updated' AND entity_id = ?",
                provider)).isEqualTo(audits);
    }

    private void assertField(NewBooking b, String field) {
        assertThatThrownBy(() -> bookings().book(b, CLIENT))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError(field))
                        .as("%s in %s", field, e.errors()).isTrue());
    }

    /** A clock tests move by hand. */



    @Test
    void aBookingEmptyOnceStoredIsRefusedOnEndsAtAndItsRescheduleOnNewEnd() {
        UUID customer = user("ann");
        UUID provider = allDayProvider(Duration.ZERO);
        long before = number(portal().dataSource(), "SELECT count(*) FROM portal.bookings");
        for (Instant end : List.of(at("10:00").plusNanos(1), at("10:00").plusNanos(499))) {
            assertThatThrownBy(() -> bookings().book(NewBooking.of(customer, provider, at("10:00"), end, "UTC", "Nano"), CLIENT))
                    .as("ends %s", end)
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors())
                            .extracting(FieldError::field).containsExactly("endsAt"));
        }
        // 500 ns rounds up to a whole microsecond: stored, and kept as stored.
        Booking micro = bookings().book(NewBooking.of(customer, provider, at("10:00"), at("10:00").plusNanos(500), "UTC",
                "Micro"), CLIENT);
        assertThat(micro.endsAt()).isEqualTo(at("10:00").plusNanos(1000));
        assertThatThrownBy(() -> bookings().reschedule(micro.id(), micro.version(), at("11:00"), at("11:00").plusNanos(1), CLIENT))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field).containsExactly("newEnd"));
        assertThat(number(portal().dataSource(), "SELECT count(*) FROM portal.bookings")).isEqualTo(before + 1);
    }

    @Test
    void listsOverAllOfTimeReturnEveryBookingAndRangesNoBookingCanHaveAreEmptyPages() {
        UUID customer = user("ann");
        UUID provider = allDayProvider(Duration.ZERO);
        Booking b = bookings().book(slot(customer, provider, "10:00", "10:30"), CLIENT);
        assertThat(bookings().forCustomer(customer, Instant.MIN, Instant.MAX, PageRequest.first(10)).items())
                .extracting(Booking::id).containsExactly(b.id());
        assertThat(bookings().forProvider(provider, Instant.MIN, Instant.MAX, PageRequest.first(10)).items())
                .extracting(Booking::id).containsExactly(b.id());
        Page<Booking> beyond = bookings().forProvider(provider, Instant.parse("+10000-01-01T00:00:00Z"), Instant.MAX,
                PageRequest.first(10));
        assertThat(beyond.items()).isEmpty();
        assertThat(beyond.nextCursor()).isNull();
        assertThat(bookings().forCustomer(customer, Instant.MIN, Instant.parse("1899-12-31T00:00:00Z"), PageRequest.first(10))
                .items()).isEmpty();
    }

    @Test
    void freeSlotsNearTheEndsOfTimeAreAValidationErrorOnTheField() {
        UUID provider = allDayProvider(Duration.ZERO);
        Duration day = Duration.ofDays(1);
        assertThatThrownBy(() -> bookings().freeSlots(provider, Instant.MAX.minus(day), Instant.MAX, null))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field).containsExactly("from", "to"));
        assertThatThrownBy(() -> bookings().freeSlots(provider, Instant.MIN, Instant.MIN.plus(day), null))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field).containsExactly("from", "to"));
        assertThatThrownBy(() -> bookings().freeSlots(provider, Instant.parse("9999-12-31T00:00:00Z"), Instant.MAX, null))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field).containsExactly("to"));
    }
}
