package dev.portalkit.billing;

import static dev.portalkit.billing.BillingTests.CLIENT;
import static dev.portalkit.billing.BillingTests.at;
import static dev.portalkit.billing.BillingTests.key;
import static dev.portalkit.billing.BillingTests.slot;
import static dev.portalkit.testing.Queries.number;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portalkit.auth.AuthModule;
import dev.portalkit.auth.AuthOptions;
import dev.portalkit.auth.NewUser;
import dev.portalkit.auth.Role;
import dev.portalkit.auth.UserService;
import dev.portalkit.billing.booking.AvailabilityInput;
import dev.portalkit.billing.booking.Booking;
import dev.portalkit.billing.booking.BookingService;
import dev.portalkit.billing.booking.BookingStatus;
import dev.portalkit.billing.booking.NewBooking;
import dev.portalkit.billing.booking.TimeRange;
import dev.portalkit.core.ActivityLog;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.MigrationMode;
import dev.portalkit.core.PageRequest;
import dev.portalkit.core.Portal;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.Queries;
import dev.portalkit.testing.StatementLog;
import dev.portalkit.testing.TestClock;
import dev.portalkit.testing.TestData;
import dev.portalkit.testing.TestDatabase;
import dev.portalkit.testing.WireCounter;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * sends (issue #9: as few as a careful hand-written DAO), and for book and charge also on the wire
 * ({@link WireCounter}). The audit INSERT reads the actor's e-mail and role itself, so a named actor
 * costs no round trip: the counts are billing's own statements, the last of which writes the audit
 * rows and carries the COMMIT (or, for the calls not rewritten, a separate audit INSERT with it).
 */
class RoundTripsIT {

    static final Instant MONDAY_NOON = Instant.parse("2026-03-02T12:00:00Z");
    static final TestClock clock = new TestClock(MONDAY_NOON);
    static final InMemoryPaymentGateway gateway = new InMemoryPaymentGateway();
    static final StatementLog wire = WireCounter.statementLog();
    static Portal counted;
    static WireCounter tcp;
    static Portal onTheWire;

    @RegisterExtension
    static final PortalExtension kit = BillingTests.portal(gateway, clock);

    @BeforeAll
    static void countedPortal() {
        counted = Portal.builder()
                .dataSource(wire.wrap(kit.database().dataSource()))
                .backgroundSealing(false) // every statement recorded is the measured call's
                .schema("portal")
                .migration(MigrationMode.NONE)
                .clock(clock)
                .install(new AuthModule(AuthOptions.builder().bcryptCost(4).build()),
                        new BillingModule(BillingOptions.builder().gateway(gateway).build()))
                .build();
        TestDatabase db = kit.database();
        try {
            tcp = WireCounter.inFrontOf(db);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        onTheWire = Portal.builder().jdbcUrl(tcp.jdbcUrl()).username(db.username()).password(db.password())
                .schema("portal").minimumIdle(1).maximumPoolSize(1).migration(MigrationMode.NONE).clock(clock)
                .backgroundSealing(false)
                .install(new AuthModule(AuthOptions.builder().bcryptCost(4).build()),
                        new BillingModule(BillingOptions.builder().gateway(gateway).build()))
                .build();
    }

    @AfterAll
    static void closeCountedPortal() throws IOException {
        counted.close();
        onTheWire.close();
        tcp.close();
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

    /** A user working every hour of every day in UTC, with no minimum notice. */
    private static UUID provider() {
        return BillingTests.provider(kit.portal(), a -> a.withNotice(Duration.ZERO, Duration.ofDays(60)));
    }

    private static void assertRoundTrips(List<String> sent, String... expectedStarts) {
        assertThat(sent).as("round trips sent: %s", sent).hasSize(expectedStarts.length);
        for (int i = 0; i < expectedStarts.length; i++) {
            assertThat(sent.get(i)).as("round trip %d of %s", i + 1, sent).startsWith(expectedStarts[i]);
        }
    }

    /** The last statement of a transaction: the change in a CTE, its audit row, and the COMMIT with it. */
    private static void assertWritesAndCommits(String sent, String change) {
        assertThat(sent).contains("changed AS ( " + change).contains("INSERT INTO portal.activity_logs")
                .endsWith("; COMMIT");
    }

    @Test
    void bookAndHoldSendTheirChecksAsOneStatementThenTheInsertWithItsAuditRowAndTheCommit() {
        UUID provider = provider();
        UUID customer = user("c");
        Booking[] b = new Booking[1];
        List<String> sent = wire.during(() -> b[0] = bookings().book(slot(customer, provider, "10:00", "11:00"), CLIENT));
        assertRoundTrips(sent, "WITH expired AS", "WITH changed AS ( INSERT INTO portal.bookings");
        assertWritesAndCommits(sent.get(1), "INSERT INTO portal.bookings");
        assertThat(b[0].status()).isEqualTo(BookingStatus.PENDING);
        sent = wire.during(() -> bookings().hold(slot(customer, provider, "12:00", "13:00"), null, CLIENT));
        assertRoundTrips(sent, "WITH expired AS", "WITH changed AS ( INSERT INTO portal.bookings");
        assertWritesAndCommits(sent.get(1), "INSERT INTO portal.bookings");
    }

    @Test
    void aBookingThatExpiresHoldsStillTakesTwoRoundTripsAndAuditsEachExpiredHold() {
        UUID provider = provider();
        UUID customer = user("c");
        Booking held = bookings().hold(slot(customer, provider, "10:00", "11:00"), Duration.ofMinutes(5), CLIENT);
        clock.set(MONDAY_NOON.plus(Duration.ofMinutes(5)));
        Booking[] b = new Booking[1];
        List<String> sent = wire.during(() -> b[0] = bookings().book(slot(customer, provider, "10:00", "11:00"), CLIENT));
        // The booking, then (in its audit CTE) the expired hold's audit row and the booking's, then the COMMIT.
        assertRoundTrips(sent, "WITH expired AS", "WITH changed AS ( INSERT INTO portal.bookings");
        assertWritesAndCommits(sent.get(1), "INSERT INTO portal.bookings");
        assertThat(bookings().find(held.id()).orElseThrow().status()).isEqualTo(BookingStatus.EXPIRED);
        assertThat(number(kit.portal().dataSource(), "SELECT count(*) FROM portal.activity_logs WHERE action = 'booking.expired'"
                + " AND entity_id = ? AND after->>'status' = 'EXPIRED' AND before->>'status' = 'HELD'", held.id()))
                .isEqualTo(1);
        assertThat(number(kit.portal().dataSource(), "SELECT count(*) FROM portal.activity_logs WHERE action = 'booking.created'"
                + " AND entity_id = ?", b[0].id())).isEqualTo(1);
    }

    @Test
    void rescheduleReadsAvailabilityAndExpiresHoldsInOneStatement() {
        UUID provider = provider();
        Booking b = bookings().book(slot(user("c"), provider, "10:00", "11:00"), CLIENT);
        assertRoundTrips(wire.during(() -> bookings().reschedule(b.id(), b.version(), at("14:00"), at("15:00"), CLIENT)),
                "SELECT", "WITH expired AS", "UPDATE portal.bookings", "INSERT INTO portal.bookings",
                // the link and the reminders' move (V6) in one statement
                "WITH linked AS ( UPDATE portal.bookings SET rescheduled_to", "INSERT INTO portal.activity_logs");
    }

    @Test
    void setAvailabilityChecksTheProviderInsideItsUpsert() {
        UUID provider = user("provider");
        assertRoundTrips(wire.during(() -> bookings().setAvailability(provider,
                        AvailabilityInput.weekdays("UTC", TimeRange.of("09:00", "17:00")), CLIENT)),
                "INSERT INTO portal.provider_availability", "INSERT INTO portal.activity_logs");
    }

    @Test
    void chargeSendsOneStatementWithItsAuditRowAndTheCommitOnEachSideOfTheGatewayCall() {
        UUID ann = user("ann");
        Payment[] p = new Payment[1];
        List<String> sent = wire.during(() -> p[0] = counted.service(PaymentService.class)
                .charge(ChargeRequest.of(ann, 1999, "USD", "Pro plan", key()), CLIENT));
        // The first statement claims the caller's key in idempotency_keys, then inserts the payment.
        assertRoundTrips(sent, "WITH claimed AS ( INSERT INTO portal.idempotency_keys", "WITH changed AS ( UPDATE portal.payments");
        assertWritesAndCommits(sent.get(0), "INSERT INTO portal.payments");
        assertWritesAndCommits(sent.get(1), "UPDATE portal.payments");
        assertThat(p[0].status()).isEqualTo(PaymentStatus.SUCCEEDED);
    }

    @Test
    void aRepeatedChargeCommitsItsEmptyInsertThenReadsInAutocommit() {
        UUID ann = user("ann");
        String key = key();
        PaymentService payments = counted.service(PaymentService.class);
        Payment first = payments.charge(ChargeRequest.of(ann, 1999, "USD", "Pro plan", key), CLIENT);
        long audits = number(kit.portal().dataSource(), "SELECT count(*) FROM portal.activity_logs");
        Payment[] again = new Payment[1];
        // The INSERT finds the key and writes nothing (no audit row either); what follows are reads only.
        assertRoundTrips(wire.during(() -> again[0] = payments.charge(ChargeRequest.of(ann, 1999, "USD", "Pro plan", key),
                CLIENT)), "WITH claimed AS ( INSERT INTO portal.idempotency_keys", "SELECT", "SELECT", "SELECT");
        assertThat(again[0]).isEqualTo(first);
        assertThat(number(kit.portal().dataSource(), "SELECT count(*) FROM portal.activity_logs")).isEqualTo(audits);
    }

    /**
     * A named actor (an ADMIN): book and charge keep their round trips, on the wire too, and every
     * audit row they write names the actor, read by the audit INSERT itself from
     * {@code activity_actors}, with the same before/after/metadata as when the audit row had a
     * statement of its own. The hash chain stays intact.
     */
    @Test
    void withANamedActorBookAndChargeKeepTwoRoundTripsAndTheirAuditRowsNameTheActor() {
        UUID provider = provider();
        UUID customer = user("c");
        String email = TestData.email("ann");
        UUID ann = kit.portal().service(UserService.class).register(
                NewUser.member(email, "correct horse battery", "Ann").withRole(Role.ADMIN), CLIENT).id();
        CallContext actor = CallContext.of(ann, "198.51.100.7", "Ann's browser");
        PaymentService payments = counted.service(PaymentService.class);

        Booking held = bookings().hold(slot(customer, provider, "09:00", "10:00"), Duration.ofMinutes(5), actor);
        clock.set(MONDAY_NOON.plus(Duration.ofMinutes(5)));
        Booking[] b = new Booking[1];
        // Sub-microsecond times: the audit row shows them as stored (rounded half up to the microsecond).
        assertThat(wire.during(() -> b[0] = bookings().book(NewBooking.of(customer, provider,
                at("09:00").plusNanos(1500), at("10:00").plusNanos(499), "UTC", "Consultation"), actor))).hasSize(2);
        assertThat(b[0].startsAt()).isEqualTo(Instant.parse("2026-03-05T09:00:00.000002Z"));
        assertThat(b[0].endsAt()).isEqualTo(at("10:00"));
        Payment[] p = new Payment[3];
        assertThat(wire.during(() -> p[0] = payments.charge(ChargeRequest.of(ann, 1999, "USD", "Pro plan", key()), actor)))
                .hasSize(2);
        gateway.enqueue(InMemoryPaymentGateway.Outcome.DECLINE);
        assertThat(wire.during(() -> p[1] = payments.charge(ChargeRequest.of(ann, 500, "EUR", null, key()), actor)))
                .hasSize(2);
        gateway.enqueue(InMemoryPaymentGateway.Outcome.TIMEOUT_BEFORE_CHARGING);
        assertThat(wire.during(() -> p[2] = payments.charge(ChargeRequest.of(ann, 700, "EUR", null, key()), actor)))
                .hasSize(2);
        assertThat(p).extracting(Payment::status)
                .containsExactly(PaymentStatus.SUCCEEDED, PaymentStatus.FAILED, PaymentStatus.UNKNOWN);

        String who = email + " ADMIN 198.51.100.7 Ann's browser ";
        assertThat(audit("booking.held", held.id())).isEqualTo(who + "null " + json("{\"status\": \"HELD\","
                + " \"providerId\": \"" + provider + "\", \"customerId\": \"" + customer + "\","
                + " \"startsAt\": \"2026-03-05T09:00:00Z\", \"endsAt\": \"2026-03-05T10:00:00Z\"}") + " {}");
        assertThat(audit("booking.expired", held.id())).isEqualTo(who + json("{\"status\": \"HELD\"}") + " "
                + json("{\"status\": \"EXPIRED\"}") + " {}");
        assertThat(audit("booking.created", b[0].id())).isEqualTo(who + "null " + json("{\"status\": \"PENDING\","
                + " \"providerId\": \"" + provider + "\", \"customerId\": \"" + customer + "\","
                + " \"startsAt\": \"2026-03-05T09:00:00.000002Z\", \"endsAt\": \"2026-03-05T10:00:00Z\"}") + " {}");
        assertThat(audit("payment.created", p[0].id())).isEqualTo(who + "null "
                + json("{\"amountMinor\": 1999, \"currency\": \"USD\", \"status\": \"PROCESSING\"}") + " "
                + json("{\"idempotencyKey\": \"" + p[0].idempotencyKey() + "\"}"));
        String processing = json("{\"status\": \"PROCESSING\"}");
        assertThat(audit("payment.succeeded", p[0].id())).isEqualTo(who + processing + " "
                + json("{\"status\": \"SUCCEEDED\"}") + " {}");
        assertThat(audit("payment.failed", p[1].id())).isEqualTo(who + processing + " "
                + json("{\"status\": \"FAILED\"}") + " " + json("{\"failureCode\": \"card_declined\"}"));
        assertThat(audit("payment.unknown", p[2].id())).isEqualTo(who + processing + " "
                + json("{\"status\": \"UNKNOWN\"}") + " " + json("{\"failureCode\": \"gateway_no_answer\"}"));
        // The expired hold's row comes before the booking's, in the same transaction.
        assertThat(number(kit.portal().dataSource(), "SELECT count(*) FROM portal.activity_logs e, portal.activity_logs c"
                + " WHERE e.action = 'booking.expired' AND e.entity_id = ? AND c.action = 'booking.created'"
                + " AND c.entity_id = ? AND c.seq = e.seq + 1", held.id(), b[0].id())).isEqualTo(1);
        assertThat(kit.portal().service(ActivityLog.class).verify().intact()).isTrue();

        // On the wire (the least of three calls: a pool's connection check would count too).
        BookingService wired = onTheWire.service(BookingService.class);
        PaymentService wiredPayments = onTheWire.service(PaymentService.class);
        long book = Long.MAX_VALUE;
        long charge = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            String start = (11 + i) + ":00";
            String end = (11 + i) + ":30";
            book = Math.min(book, tcp.roundTripsOf(() -> wired.book(slot(customer, provider, start, end), actor)));
            charge = Math.min(charge, tcp.roundTripsOf(() -> wiredPayments.charge(
                    ChargeRequest.of(ann, 1999, "USD", "Pro plan", key()), actor)));
        }
        assertThat(book).as("book on the wire").isEqualTo(2);
        assertThat(charge).as("charge on the wire").isEqualTo(2);
        assertThat(kit.portal().service(ActivityLog.class).verify().intact()).isTrue();
    }

    /** The one audit row of {@code action} on {@code entity}: actor e-mail, role, ip, user agent, before, after, metadata. */
    private static String audit(String action, UUID entity) {
        List<String> rows = query("SELECT concat_ws(' ', coalesce(actor_email, '-'), coalesce(actor_role, '-'),"
                + " host(ip), user_agent, coalesce(before::text, 'null'), coalesce(after::text, 'null'), metadata::text)"
                + " FROM portal.activity_logs WHERE action = ? AND entity_id = ?", action, entity);
        assertThat(rows).as("audit rows %s of %s", action, entity).hasSize(1);
        return rows.get(0);
    }

    /** {@code text} as jsonb prints it (keys in jsonb's order). */
    private static String json(String text) {
        return query("SELECT CAST(? AS jsonb)::text", text).get(0);
    }

    private static List<String> query(String sql, Object... args) {
        return Queries.column(kit.portal().dataSource(), sql, args);
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
