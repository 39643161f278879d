package dev.portalkit.billing;

import static dev.portalkit.billing.BillingTests.CLIENT;
import static dev.portalkit.billing.BillingTests.count;
import static dev.portalkit.billing.BillingTests.key;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portalkit.auth.AuthModule;
import dev.portalkit.auth.AuthOptions;
import dev.portalkit.billing.booking.AvailabilityInput;
import dev.portalkit.billing.booking.Booking;
import dev.portalkit.billing.booking.BookingService;
import dev.portalkit.billing.booking.BookingStatus;
import dev.portalkit.billing.booking.NewBooking;
import dev.portalkit.billing.booking.TimeRange;
import dev.portalkit.core.MigrationMode;
import dev.portalkit.core.PageRequest;
import dev.portalkit.core.Portal;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Round trips per billing call, counted on a second Portal whose DataSource counts what pgjdbc
 * sends (issue #9: as few as a careful hand-written DAO). The context is anonymous, so core's
 * audit writer looks up no actor: the counts are billing's own statements plus the audit
 * INSERT that carries the COMMIT.
 */
class RoundTripsIT {

    static final Instant MONDAY_NOON = Instant.parse("2026-03-02T12:00:00Z");
    static final TestClock clock = new TestClock(MONDAY_NOON);
    static final InMemoryPaymentGateway gateway = new InMemoryPaymentGateway();
    static final RoundTrips wire = new RoundTrips();
    static Portal counted;

    @RegisterExtension
    static final PortalExtension kit = BillingTests.portal(gateway, clock);

    @BeforeAll
    static void countedPortal() {
        counted = Portal.builder()
                .dataSource(wire.wrap(kit.database().dataSource()))
                .schema("portal")
                .migration(MigrationMode.NONE)
                .clock(clock)
                .install(new AuthModule(AuthOptions.builder().bcryptCost(4).build()),
                        new BillingModule(BillingOptions.builder().gateway(gateway).build()))
                .build();
    }

    @AfterAll
    static void closeCountedPortal() {
        counted.close();
    }

    @AfterEach
    void resetClock() {
        clock.set(MONDAY_NOON);
    }

    private static BookingService bookings() {
        return counted.service(BookingService.class);
    }

    private static UUID user(String name) {
        return BillingTests.user(kit.portal(), name);
    }

    private static UUID provider() {
        UUID provider = user("provider");
        kit.portal().service(BookingService.class).setAvailability(provider,
                AvailabilityInput.everyDay("UTC", TimeRange.of("00:00", "00:00"))
                        .withNotice(Duration.ZERO, Duration.ofDays(60)), CLIENT);
        return provider;
    }

    private static Instant at(String time) {
        return Instant.parse("2026-03-05T" + time + ":00Z");
    }

    private static NewBooking slot(UUID customer, UUID provider, String start, String end) {
        return NewBooking.of(customer, provider, at(start), at(end), "UTC", "Consultation");
    }

    private static void assertRoundTrips(List<String> sent, String... expectedStarts) {
        assertThat(sent).as("round trips sent: %s", sent).hasSize(expectedStarts.length);
        for (int i = 0; i < expectedStarts.length; i++) {
            assertThat(sent.get(i)).as("round trip %d of %s", i + 1, sent).startsWith(expectedStarts[i]);
        }
    }

    @Test
    void bookAndHoldSendTheirChecksAsOneStatementThenTheInsertThenTheAuditWithTheCommit() {
        UUID provider = provider();
        UUID customer = user("c");
        Booking[] b = new Booking[1];
        assertRoundTrips(wire.during(() -> b[0] = bookings().book(slot(customer, provider, "10:00", "11:00"), CLIENT)),
                "WITH expired AS", "INSERT INTO portal.bookings", "INSERT INTO portal.activity_logs");
        assertThat(b[0].status()).isEqualTo(BookingStatus.PENDING);
        assertRoundTrips(wire.during(() -> bookings().hold(slot(customer, provider, "12:00", "13:00"), null, CLIENT)),
                "WITH expired AS", "INSERT INTO portal.bookings", "INSERT INTO portal.activity_logs");
    }

    @Test
    void aBookingThatExpiresHoldsStillTakesThreeRoundTripsAndAuditsEachExpiredHold() {
        UUID provider = provider();
        UUID customer = user("c");
        Booking held = bookings().hold(slot(customer, provider, "10:00", "11:00"), Duration.ofMinutes(5), CLIENT);
        clock.set(MONDAY_NOON.plus(Duration.ofMinutes(5)));
        Booking[] b = new Booking[1];
        assertRoundTrips(wire.during(() -> b[0] = bookings().book(slot(customer, provider, "10:00", "11:00"), CLIENT)),
                "WITH expired AS", "INSERT INTO portal.bookings", "INSERT INTO portal.activity_logs");
        assertThat(bookings().find(held.id()).orElseThrow().status()).isEqualTo(BookingStatus.EXPIRED);
        assertThat(count(kit.portal(), "SELECT count(*) FROM portal.activity_logs WHERE action = 'booking.expired'"
                + " AND entity_id = ? AND after->>'status' = 'EXPIRED' AND before->>'status' = 'HELD'", held.id()))
                .isEqualTo(1);
        assertThat(count(kit.portal(), "SELECT count(*) FROM portal.activity_logs WHERE action = 'booking.created'"
                + " AND entity_id = ?", b[0].id())).isEqualTo(1);
    }

    @Test
    void rescheduleReadsAvailabilityAndExpiresHoldsInOneStatement() {
        UUID provider = provider();
        Booking b = bookings().book(slot(user("c"), provider, "10:00", "11:00"), CLIENT);
        assertRoundTrips(wire.during(() -> bookings().reschedule(b.id(), b.version(), at("14:00"), at("15:00"), CLIENT)),
                "SELECT", "WITH expired AS", "UPDATE portal.bookings", "INSERT INTO portal.bookings",
                "UPDATE portal.bookings SET rescheduled_to", "INSERT INTO portal.activity_logs");
    }

    @Test
    void setAvailabilityChecksTheProviderInsideItsUpsert() {
        UUID provider = user("provider");
        assertRoundTrips(wire.during(() -> bookings().setAvailability(provider,
                        AvailabilityInput.weekdays("UTC", TimeRange.of("09:00", "17:00")), CLIENT)),
                "INSERT INTO portal.provider_availability", "INSERT INTO portal.activity_logs");
    }

    @Test
    void chargeSendsOneStatementAndTheAuditCommitOnEachSideOfTheGatewayCall() {
        UUID ann = user("ann");
        Payment[] p = new Payment[1];
        assertRoundTrips(wire.during(() -> p[0] = counted.service(PaymentService.class)
                        .charge(ChargeRequest.of(ann, 1999, "USD", "Pro plan", key()), CLIENT)),
                "INSERT INTO portal.payments", "INSERT INTO portal.activity_logs",
                "UPDATE portal.payments", "INSERT INTO portal.activity_logs");
        assertThat(p[0].status()).isEqualTo(PaymentStatus.SUCCEEDED);
    }

    @Test
    void everySingleStatementReadIsOneRoundTripInAutocommit() {
        UUID provider = provider();
        UUID customer = user("c");
        Booking b = kit.portal().service(BookingService.class).book(slot(customer, provider, "10:00", "11:00"), CLIENT);
        String key = key();
        Payment p = kit.portal().service(PaymentService.class).charge(ChargeRequest.of(customer, 500, "USD", null, key), CLIENT);
        String code = "rt-" + UUID.randomUUID().toString().substring(0, 8);
        PricingTier tier = kit.portal().service(PricingService.class)
                .create(TierInput.monthly(code, "RT", 1000, "USD"), CLIENT);
        Subscription s = kit.portal().service(SubscriptionService.class)
                .subscribe(NewSubscription.of(customer, tier.id(), key()), CLIENT);

        PaymentService payments = counted.service(PaymentService.class);
        PricingService pricing = counted.service(PricingService.class);
        SubscriptionService subscriptions = counted.service(SubscriptionService.class);
        List<Runnable> reads = List.of(
                () -> bookings().find(b.id()),
                () -> bookings().forProvider(provider, at("00:00"), at("23:59"), PageRequest.first(10)),
                () -> bookings().forCustomer(customer, at("00:00"), at("23:59"), PageRequest.first(10)),
                () -> bookings().availability(provider),
                () -> payments.find(p.id()),
                () -> payments.findByIdempotencyKey(key),
                () -> payments.refunds(p.id()),
                () -> payments.list(customer, PageRequest.first(10)),
                () -> pricing.find(tier.id()),
                () -> pricing.findByCode(code),
                () -> pricing.list(false),
                () -> subscriptions.find(s.id()),
                () -> subscriptions.current(customer),
                () -> subscriptions.history(customer),
                () -> subscriptions.hasAccess(customer));
        for (Runnable read : reads) {
            assertRoundTrips(wire.during(read), "SELECT");
        }
    }

    @Test
    void readOnlyCallsOfTwoStatementsSendNoBeginOrCommit() {
        UUID provider = provider();
        UUID ann = user("ann");
        PricingService pricing = kit.portal().service(PricingService.class);
        PricingTier basic = pricing.create(TierInput.monthly("rt-b-" + key().substring(0, 8), "B", 1000, "USD"), CLIENT);
        PricingTier pro = pricing.create(TierInput.monthly("rt-p-" + key().substring(0, 8), "P", 2000, "USD"), CLIENT);
        Subscription s = kit.portal().service(SubscriptionService.class)
                .subscribe(NewSubscription.of(ann, basic.id(), key()), CLIENT);
        assertRoundTrips(wire.during(() -> bookings().freeSlots(provider, at("00:00"), at("12:00"), null)),
                "SELECT", "SELECT");
        assertRoundTrips(wire.during(() -> counted.service(SubscriptionService.class).previewChange(s.id(), pro.id())),
                "SELECT", "SELECT");
    }
}
