package dev.portalkit.billing;

import static dev.portalkit.billing.BillingTests.CLIENT;
import static dev.portalkit.billing.BillingTests.at;
import static dev.portalkit.billing.BillingTests.key;
import static dev.portalkit.billing.BillingTests.slot;
import static dev.portalkit.testing.Queries.number;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.auth.NewUser;
import dev.portalkit.auth.Role;
import dev.portalkit.auth.UserService;
import dev.portalkit.billing.InMemoryPaymentGateway.Outcome;
import dev.portalkit.billing.booking.AvailabilityInput;
import dev.portalkit.billing.booking.Booking;
import dev.portalkit.billing.booking.BookingPaymentRefusedException;
import dev.portalkit.billing.booking.BookingService;
import dev.portalkit.billing.booking.BookingStatus;
import dev.portalkit.billing.booking.NewBooking;
import dev.portalkit.billing.booking.ProviderNotBookableException;
import dev.portalkit.billing.booking.TimeRange;
import dev.portalkit.core.ActivityLog;
import dev.portalkit.core.CoreError;
import dev.portalkit.core.Page;
import dev.portalkit.core.PageRequest;
import dev.portalkit.core.ValidationException.FieldError;
import dev.portalkit.core.ValidationException;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.Race;
import dev.portalkit.testing.TestClock;
import dev.portalkit.testing.TestData;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Authorisation billing owns for bookings (issue #15, item 4): only a live, ACTIVE user with
 * availability can be booked, only inside its working time, and a payment attached to a booking
 * must be the customer's and captured. Each refusal is a typed error naming the field and writes
 * nothing; the provider rule holds while availability is removed or the provider disabled by
 * another thread.
 */
class BookingAuthorizationIT {

    static final Instant MONDAY_NOON = Instant.parse("2026-03-02T12:00:00Z");
    static final TestClock clock = new TestClock(MONDAY_NOON);
    static final InMemoryPaymentGateway gateway = new InMemoryPaymentGateway();
    static final HoldingGateway holding = new HoldingGateway(gateway);

    @RegisterExtension
    static final PortalExtension kit = BillingTests.portal(holding, clock);

    @AfterEach
    void reset() {
        clock.set(MONDAY_NOON);
        gateway.clearDeclines();
    }

    private static BookingService bookings() {
        return kit.portal().service(BookingService.class);
    }

    private static UserService users() {
        return kit.portal().service(UserService.class);
    }

    private static UUID user(String name) {
        return BillingTests.user(kit.portal(), name);
    }

    /** A user working every hour of every day in UTC, with no minimum notice. */
    private static UUID provider() {
        return BillingTests.provider(kit.portal(), a -> a.withNotice(Duration.ZERO, Duration.ofDays(60)));
    }

    private static Booking book(UUID customer, UUID provider, String start, String end) {
        return bookings().book(slot(customer, provider, start, end), CLIENT);
    }

    /** A provider and a customer with one booking between them. */
    private record Booked(UUID provider, UUID customer, Booking booking) {
    }

    /** A new {@link #provider()} booked 10:00-10:30 by a new customer. */
    private static Booked booked() {
        UUID provider = provider();
        UUID customer = user("c");
        return new Booked(provider, customer, book(customer, provider, "10:00", "10:30"));
    }

    private static NewBooking paid(UUID customer, UUID provider, String start, UUID paymentId) {
        return new NewBooking(customer, provider, at(start), at(start).plus(Duration.ofMinutes(30)), "UTC", "Paid",
                null, null, null, paymentId, Map.of());
    }

    /** Every booking and audit row: a refused call must leave both as they were. */
    private static String rows() {
        return number(kit.portal().dataSource(), "SELECT count(*) FROM portal.bookings") + " bookings, "
                + number(kit.portal().dataSource(), "SELECT count(*) FROM portal.activity_logs") + " audit rows";
    }

    private static void assertNotBookable(Runnable call, String why) {
        String before = rows();
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ProviderNotBookableException.class, e -> {
            assertThat(e.code()).isEqualTo(BillingError.PROVIDER_NOT_BOOKABLE);
            assertThat(e.code().id()).isEqualTo("PK-3103");
            assertThat(e.errors()).extracting(FieldError::field).as("%s", e.errors()).containsExactly("providerId");
            assertThat(e.getMessage()).contains(why);
        });
        assertThat(rows()).as("rows after a refused call").isEqualTo(before);
    }

    private static void assertPaymentRefused(Runnable call, String why) {
        String before = rows();
        assertThatThrownBy(call::run).isInstanceOfSatisfying(BookingPaymentRefusedException.class, e -> {
            assertThat(e.code()).isEqualTo(BillingError.BOOKING_PAYMENT_REFUSED);
            assertThat(e.code().id()).isEqualTo("PK-3104");
            assertThat(e.errors()).extracting(FieldError::field).as("%s", e.errors()).containsExactly("paymentId");
            assertThat(e.getMessage()).contains(why);
        });
        assertThat(rows()).as("rows after a refused call").isEqualTo(before);
    }

    // ------------------------------------------------------------------------------------------
    // who can be booked

    @Test
    void aUserWithoutAvailabilityCannotBeBookedHeldOrAskedForSlotsAnAdminIncluded() {
        UUID customer = user("member");
        UUID admin = users().register(NewUser.member(TestData.email("admin"),
                "correct horse battery", "Admin").withRole(Role.ADMIN), CLIENT).id();
        UUID member = user("other-member");
        for (UUID notAProvider : List.of(admin, member)) {
            assertNotBookable(() -> book(customer, notAProvider, "10:00", "10:30"),
                    "has no availability");
            assertNotBookable(() -> bookings().hold(slot(customer, notAProvider, "03:00", "03:30"), null, CLIENT),
                    "has no availability");
            assertNotBookable(() -> bookings().freeSlots(notAProvider, at("00:00"), at("23:00"), null),
                    "has no availability");
        }
        // Availability is what makes a user bookable, whatever the role: the admin given hours can be booked.
        bookings().setAvailability(admin, AvailabilityInput.everyDay("UTC", TimeRange.of("09:00", "17:00")), CLIENT);
        assertThat(book(customer, admin, "10:00", "10:30").status()).isEqualTo(BookingStatus.PENDING);
        assertThat(bookings().freeSlots(admin, at("00:00"), at("23:00"), null)).isNotEmpty();
    }

    @Test
    void bookingsMustFallInsideTheWorkingHoursAndOverridesOfTheProvider() {
        UUID provider = user("provider");
        UUID customer = user("c");
        LocalDate friday = LocalDate.of(2026, 3, 6);
        bookings().setAvailability(provider, AvailabilityInput.weekdays("Europe/Paris", TimeRange.of("09:00", "17:00"))
                .withOverride(friday, List.of()).withNotice(Duration.ZERO, Duration.ofDays(60)), CLIENT);
        // Thursday in Paris (UTC+1): 08:00Z is 09:00 local, 16:00Z is 17:00 local.
        for (String[] outside : new String[][] {{"07:30", "08:30"}, {"15:30", "16:30"}, {"16:00", "16:30"}, {"02:00", "02:30"}}) {
            assertThatThrownBy(() -> book(customer, provider, outside[0], outside[1]))
                    .as("%s-%s UTC", outside[0], outside[1])
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors())
                            .containsExactly(new FieldError("startsAt", "is outside the provider's working hours")));
        }
        assertThatThrownBy(() -> bookings().book(NewBooking.of(customer, provider, Instant.parse("2026-03-06T10:00:00Z"),
                Instant.parse("2026-03-06T10:30:00Z"), "UTC", "Day off"), CLIENT))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("startsAt")).isTrue());
        Booking inside = book(customer, provider, "08:00", "08:30");
        Booking last = book(customer, provider, "15:30", "16:00");
        assertThat(List.of(inside.status(), last.status())).containsOnly(BookingStatus.PENDING);
        // reschedule checks the new time the same way, on its own field
        assertThatThrownBy(() -> bookings().reschedule(inside.id(), inside.version(), at("17:00"), at("17:30"), CLIENT))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors())
                        .containsExactly(new FieldError("newStart", "is outside the provider's working hours")));
        assertThat(bookings().find(inside.id()).orElseThrow()).isEqualTo(inside);
    }

    @Test
    void adjacentWorkingWindowsJoinSoABookingMayCrossMidnightButNotAGap() {
        UUID customer = user("c");
        UUID night = user("night");
        AvailabilityInput lateAndEarly = new AvailabilityInput("UTC", Map.of(
                DayOfWeek.THURSDAY, List.of(TimeRange.of("22:00", "00:00")),
                DayOfWeek.FRIDAY, List.of(TimeRange.of("00:00", "02:00"))), Map.of(), null, null, Duration.ZERO,
                Duration.ofDays(60), null);
        bookings().setAvailability(night, lateAndEarly, CLIENT);
        assertThat(bookings().book(NewBooking.of(customer, night, at("23:00"), Instant.parse("2026-03-06T01:00:00Z"),
                "UTC", "Across midnight"), CLIENT).status()).isEqualTo(BookingStatus.PENDING);

        UUID gap = user("gap");
        bookings().setAvailability(gap, new AvailabilityInput("UTC", Map.of(
                DayOfWeek.THURSDAY, List.of(TimeRange.of("22:00", "23:30")),
                DayOfWeek.FRIDAY, List.of(TimeRange.of("00:00", "02:00"))), Map.of(), null, null, Duration.ZERO,
                Duration.ofDays(60), null), CLIENT);
        assertThatThrownBy(() -> bookings().book(NewBooking.of(customer, gap, at("23:00"),
                Instant.parse("2026-03-06T01:00:00Z"), "UTC", "Over a gap"), CLIENT))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("startsAt")).isTrue());
        // Two windows of one day that touch join too; one that overlaps the booking only in part does not cover it.
        UUID split = user("split");
        bookings().setAvailability(split, new AvailabilityInput("UTC", Map.of(DayOfWeek.THURSDAY,
                List.of(TimeRange.of("09:00", "10:00"), TimeRange.of("10:00", "11:00"))), Map.of(), null, null,
                Duration.ZERO, Duration.ofDays(60), null), CLIENT);
        assertThat(book(customer, split, "09:30", "10:30").status()).isEqualTo(BookingStatus.PENDING);
        assertThatThrownBy(() -> book(customer, split, "10:30", "11:30"))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void aDisabledOrDeletedProviderCannotBeBookedRescheduledOrGivenAvailabilityUntilActiveAgain() {
        Booked one = booked();

        users().disable(one.provider(), CLIENT);
        assertNotBookable(() -> book(one.customer(), one.provider(), "11:00", "11:30"), "is DISABLED");
        assertNotBookable(() -> bookings().hold(slot(one.customer(), one.provider(), "11:00", "11:30"), null, CLIENT), "is DISABLED");
        assertNotBookable(() -> bookings().reschedule(one.booking().id(), one.booking().version(), at("12:00"), at("12:30"), CLIENT), "is DISABLED");
        assertNotBookable(() -> bookings().freeSlots(one.provider(), at("00:00"), at("23:00"), null), "is DISABLED");
        assertNotBookable(() -> bookings().setAvailability(one.provider(),
                AvailabilityInput.weekdays("UTC", TimeRange.of("09:00", "17:00")), CLIENT), "is DISABLED");
        assertThat(bookings().find(one.booking().id()).orElseThrow()).as("the booking made before").isEqualTo(one.booking());

        users().enable(one.provider(), CLIENT);
        Booking moved = bookings().reschedule(one.booking().id(), one.booking().version(), at("12:00"), at("12:30"), CLIENT);

        users().delete(one.provider(), CLIENT);
        // A deleted provider is an unknown user to book (as before), and no longer bookable to move to.
        assertThatThrownBy(() -> book(one.customer(), one.provider(), "14:00", "14:30"))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.code()).isEqualTo(CoreError.VALIDATION_FAILED);
                    assertThat(e.errors()).containsExactly(new FieldError("providerId", "is not a user"));
                });
        assertNotBookable(() -> bookings().reschedule(moved.id(), moved.version(), at("15:00"), at("15:30"), CLIENT),
                "is not a live user");
    }

    @Test
    void removedAvailabilityStopsNewBookingsKeepsTheExistingOnesAndIsAudited() {
        Booked one = booked();
        assertThat(bookings().removeAvailability(one.provider(), CLIENT)).isTrue();
        assertThat(bookings().removeAvailability(one.provider(), CLIENT)).as("nothing left to remove").isFalse();
        assertThat(bookings().removeAvailability(UUID.randomUUID(), CLIENT)).isFalse();
        assertThat(bookings().availability(one.provider())).isEmpty();
        assertThat(number(kit.portal().dataSource(), "SELECT count(*) FROM portal.activity_logs"
                + " WHERE action = 'availability.removed' AND entity_id = ?"
                + " AND before->>'timeZone' = 'UTC'", one.provider())).isEqualTo(1);

        assertNotBookable(() -> book(one.customer(), one.provider(), "11:00", "11:30"), "has no availability");
        assertNotBookable(() -> bookings().reschedule(one.booking().id(), one.booking().version(), at("12:00"), at("12:30"), CLIENT),
                "has no availability");
        // What was booked stays, and its life goes on: confirm and cancel take no new time.
        Booking confirmed = bookings().confirm(one.booking().id(), one.booking().version(), CLIENT);
        assertThat(bookings().forProvider(one.provider(), Instant.MIN, Instant.MAX, PageRequest.first(10)).items())
                .containsExactly(confirmed);
        assertThat(bookings().cancel(confirmed.id(), confirmed.version(), "provider left", CLIENT).status())
                .isEqualTo(BookingStatus.CANCELLED);
        assertThat(kit.portal().service(ActivityLog.class).verify().intact()).isTrue();
    }

    // ------------------------------------------------------------------------------------------
    // races: the provider stops being bookable while bookings are made

    @Test
    void availabilityRemovedWhileBookingsAreMadeLetsNoBookingCommitAfterTheRemoval() throws Exception {
        for (int round = 0; round < 4; round++) {
            raceAgainst("removeAvailability, round " + round, provider -> bookings().removeAvailability(provider, CLIENT));
        }
    }

    @Test
    void aProviderDisabledWhileBookingsAreMadeTakesNoBookingAfterward() throws Exception {
        for (int round = 0; round < 4; round++) {
            raceAgainst("disable, round " + round, provider -> users().disable(provider, CLIENT));
        }
    }

    /**
     * Six threads book consecutive slots of one provider (each its own day) until refused, while a
     * seventh, once six bookings are in, makes the provider unbookable inside a host transaction that
     * then lists the provider's bookings. Bookings and the removal must serialize: every booking that
     * exists at the end was committed before the removal (the transaction lists it), and every thread
     * ends with {@link ProviderNotBookableException}, never with anything else.
     */
    private void raceAgainst(String what, Consumer<UUID> stopBookings) throws Exception {
        UUID provider = provider();
        int bookers = 6;
        List<UUID> customers = new ArrayList<>();
        for (int i = 0; i < bookers; i++) {
            customers.add(user("c" + i));
        }
        Set<UUID> booked = ConcurrentHashMap.newKeySet();
        AtomicInteger finished = new AtomicInteger();
        Set<UUID> seenByRemoval = new HashSet<>();
        List<Race.Outcome<Object>> outcomes = Race.run(bookers + 1, i -> () -> {
            if (i == bookers) {
                while (booked.size() < bookers && finished.get() < bookers) {
                    Thread.onSpinWait();
                }
                kit.portal().inTransaction(() -> {
                    stopBookings.accept(provider);
                    Page<Booking> all = bookings().forProvider(provider, Instant.MIN, Instant.MAX, PageRequest.first(500));
                    all.items().forEach(b -> seenByRemoval.add(b.id()));
                });
                return "removed";
            }
            try {
                for (int n = 0; n < 48; n++) {
                    Instant start = at("00:00").plus(Duration.ofDays(i)).plus(Duration.ofMinutes(30L * n));
                    try {
                        booked.add(bookings().book(NewBooking.of(customers.get(i), provider, start,
                                start.plus(Duration.ofMinutes(30)), "UTC", "Race"), CLIENT).id());
                    } catch (ProviderNotBookableException e) {
                        return e;
                    }
                }
                return "never refused";
            } finally {
                finished.incrementAndGet();
            }
        });
        assertThat(outcomes.subList(0, bookers)).as("%s: how each booking thread ended", what)
                .extracting(Race.Outcome::value).allSatisfy(o -> assertThat(o).isInstanceOf(ProviderNotBookableException.class));
        assertThat(outcomes.get(bookers).value()).as("%s: the removal", what).isEqualTo("removed");
        assertThat(booked).as("%s: bookings made before the removal", what).hasSizeGreaterThanOrEqualTo(bookers);
        Set<UUID> stored = new HashSet<>();
        bookings().forProvider(provider, Instant.MIN, Instant.MAX, PageRequest.first(500)).items()
                .forEach(b -> stored.add(b.id()));
        assertThat(stored).as("%s: the bookings stored are those the callers got", what).isEqualTo(booked);
        assertThat(stored).as("%s: bookings committed after the removal (not seen by its transaction)", what)
                .isEqualTo(seenByRemoval);
        assertThat(kit.portal().service(ActivityLog.class).verify().intact()).isTrue();
    }

    // ------------------------------------------------------------------------------------------
    // the payment of a booking

    @Test
    void aPaymentOfAnotherUserIsRefusedWithATypedErrorAndWritesNothing() {
        UUID provider = provider();
        UUID customer = user("customer");
        UUID stranger = user("stranger");
        Payment theirs = kit.portal().service(PaymentService.class)
                .charge(ChargeRequest.of(stranger, 5000, "EUR", "Their session", key()), CLIENT);
        assertThat(theirs.status()).isEqualTo(PaymentStatus.SUCCEEDED);
        assertPaymentRefused(() -> bookings().book(paid(customer, provider, "10:00", theirs.id()), CLIENT),
                "is not a payment of the customer");
        assertPaymentRefused(() -> bookings().hold(paid(customer, provider, "10:00", theirs.id()), null, CLIENT),
                "is not a payment of the customer");
        // The refusal says nothing of the other user's payment (its status, its amount).
        assertThatThrownBy(() -> bookings().book(paid(customer, provider, "10:00", theirs.id()), CLIENT))
                .hasMessageNotContaining("SUCCEEDED").hasMessageNotContaining("5000");
        // An unknown payment is still an unknown reference.
        assertThatThrownBy(() -> bookings().book(paid(customer, provider, "10:00", UUID.randomUUID()), CLIENT))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.code()).isEqualTo(CoreError.VALIDATION_FAILED);
                    assertThat(e.errors()).containsExactly(new FieldError("paymentId", "is not a payment"));
                });
        // The owner may use it.
        Booking b = bookings().book(paid(stranger, provider, "10:00", theirs.id()), CLIENT);
        assertThat(b.paymentId()).isEqualTo(theirs.id());
    }

    @Test
    void onlyACapturedPaymentWithSomethingLeftPaysForABooking() throws Exception {
        UUID provider = provider();
        UUID customer = user("customer");
        PaymentService payments = kit.portal().service(PaymentService.class);

        gateway.enqueue(Outcome.DECLINE);
        Payment failed = payments.charge(ChargeRequest.of(customer, 1000, "EUR", "Declined", key()), CLIENT);
        gateway.enqueue(Outcome.TIMEOUT_BEFORE_CHARGING);
        Payment unknown = payments.charge(ChargeRequest.of(customer, 1000, "EUR", "No answer", key()), CLIENT);
        Payment refunded = payments.charge(ChargeRequest.of(customer, 1000, "EUR", "Given back", key()), CLIENT);
        payments.refund(refunded.id(), 1000, key(), null, CLIENT);
        Payment refunding = payments.charge(ChargeRequest.of(customer, 1000, "EUR", "Being given back", key()), CLIENT);
        gateway.enqueue(Outcome.TIMEOUT_BEFORE_CHARGING); // the refund's outcome is unknown: its amount stays reserved
        payments.refund(refunding.id(), 1000, key(), null, CLIENT);
        assertThat(payments.find(refunding.id()).orElseThrow())
                .satisfies(p -> assertThat(p.status()).isEqualTo(PaymentStatus.SUCCEEDED))
                .satisfies(p -> assertThat(p.refundPendingMinor()).isEqualTo(1000));
        Payment partly = payments.charge(ChargeRequest.of(customer, 1000, "EUR", "Partly given back", key()), CLIENT);
        payments.refund(partly.id(), 400, key(), null, CLIENT);
        Payment captured = payments.charge(ChargeRequest.of(customer, 1000, "EUR", "Captured", key()), CLIENT);

        assertThat(payments.find(failed.id()).orElseThrow().status()).isEqualTo(PaymentStatus.FAILED);
        assertThat(payments.find(unknown.id()).orElseThrow().status()).isEqualTo(PaymentStatus.UNKNOWN);
        assertThat(payments.find(refunded.id()).orElseThrow().status()).isEqualTo(PaymentStatus.REFUNDED);
        assertThat(payments.find(partly.id()).orElseThrow().status()).isEqualTo(PaymentStatus.PARTIALLY_REFUNDED);
        assertPaymentRefused(() -> bookings().book(paid(customer, provider, "09:00", failed.id()), CLIENT), "is FAILED");
        assertPaymentRefused(() -> bookings().book(paid(customer, provider, "09:00", unknown.id()), CLIENT), "is UNKNOWN");
        assertPaymentRefused(() -> bookings().hold(paid(customer, provider, "09:00", refunded.id()), null, CLIENT),
                "is REFUNDED");
        assertPaymentRefused(() -> bookings().book(paid(customer, provider, "09:00", refunding.id()), CLIENT),
                "is SUCCEEDED with nothing left");

        // A charge still waiting on the gateway is PROCESSING: nothing captured yet.
        String held = "held-" + key();
        holding.hold(held);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Payment> inFlight = pool.submit(() -> payments.charge(
                    ChargeRequest.of(customer, 1000, "EUR", "In flight", held), CLIENT));
            holding.awaitHeld();
            UUID processing = payments.findByIdempotencyKey(held).orElseThrow().id();
            assertPaymentRefused(() -> bookings().book(paid(customer, provider, "09:00", processing), CLIENT),
                    "is PROCESSING");
            holding.release();
            assertThat(inFlight.get(30, TimeUnit.SECONDS).status()).isEqualTo(PaymentStatus.SUCCEEDED);
            assertThat(bookings().book(paid(customer, provider, "08:00", processing), CLIENT).paymentId())
                    .as("the same payment once captured").isEqualTo(processing);
        } finally {
            holding.release();
            pool.shutdownNow();
        }

        Booking withPartly = bookings().book(paid(customer, provider, "09:00", partly.id()), CLIENT);
        Booking withCaptured = bookings().hold(paid(customer, provider, "10:00", captured.id()), null, CLIENT);
        assertThat(List.of(withPartly.paymentId(), withCaptured.paymentId())).containsExactly(partly.id(), captured.id());
        // A reschedule keeps the payment, checked when it was attached.
        Booking moved = bookings().reschedule(withPartly.id(), withPartly.version(), at("11:00"), at("11:30"), CLIENT);
        assertThat(moved.paymentId()).isEqualTo(partly.id());
    }

    @Test
    void referencesAreCheckedInOrderUnknownOnesFirstThenTheProviderThenThePayment() {
        UUID customer = user("customer");
        UUID stranger = user("stranger");
        UUID notAProvider = user("member");
        Payment theirs = kit.portal().service(PaymentService.class)
                .charge(ChargeRequest.of(stranger, 700, "EUR", "Theirs", key()), CLIENT);
        // Unknown customer and a user without availability: the unknown reference is named (with every other one).
        assertThatThrownBy(() -> bookings().book(paid(UUID.randomUUID(), notAProvider, "10:00", theirs.id()), CLIENT))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.code()).isEqualTo(CoreError.VALIDATION_FAILED);
                    assertThat(e.errors()).extracting(FieldError::field).containsExactly("customerId");
                });
        // Known references: the provider comes before the payment.
        assertNotBookable(() -> bookings().book(paid(customer, notAProvider, "10:00", theirs.id()), CLIENT),
                "has no availability");
        UUID provider = provider();
        assertPaymentRefused(() -> bookings().book(paid(customer, provider, "10:00", theirs.id()), CLIENT),
                "is not a payment of the customer");
    }
}
