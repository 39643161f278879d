package dev.portalkit.billing.booking;

import static dev.portalkit.billing.BillingTests.CLIENT;
import static dev.portalkit.billing.BillingTests.oneWinner;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portalkit.auth.AuthModule;
import dev.portalkit.auth.AuthOptions;
import dev.portalkit.billing.BillingModule;
import dev.portalkit.billing.BillingOptions;
import dev.portalkit.billing.BillingTests;
import dev.portalkit.billing.InMemoryPaymentGateway;
import dev.portalkit.core.ActivityLog;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.Queries;
import dev.portalkit.testing.Race;
import dev.portalkit.testing.TestClock;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The same one-slot race with every transaction SERIALIZABLE (as a host may configure its
 * database): serialization failures must end as a retry or the same conflict, never as an
 * unexpected error.
 */
class SerializableBookingRaceIT {

    static final Instant MONDAY_NOON = Instant.parse("2026-03-02T12:00:00Z");
    static final TestClock clock = new TestClock(MONDAY_NOON);

    @RegisterExtension
    static final PortalExtension kit = PortalExtension.builder()
            .install(new AuthModule(AuthOptions.builder().bcryptCost(4).build()),
                    new BillingModule(BillingOptions.builder().gateway(new InMemoryPaymentGateway()).build()))
            .configure((b, db) -> {
                if (db.splitRoles()) {
                    // The split roles own no database: a connection option (that pass has no pooler).
                    b.jdbcUrl(db.jdbcUrl() + (db.jdbcUrl().contains("?") ? "&" : "?")
                            + "options=-c%20default_transaction_isolation%3Dserializable");
                    b.maximumPoolSize(12);
                    return;
                }
                // A database default, not a connection option, so it also holds behind a pooler.
                try (Connection c = db.directDataSource().getConnection()) {
                    c.createStatement().execute("ALTER DATABASE " + db.name()
                            + " SET default_transaction_isolation = 'serializable'");
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
                b.maximumPoolSize(12);
            })
            .clock(clock)
            .build();

    /** A provider working all day every day in UTC (notice 120 minutes, horizon 60 days). */
    private UUID provider() {
        return BillingTests.provider(kit.portal(), a -> a);
    }

    @AfterEach
    void resetClock() {
        clock.set(MONDAY_NOON);
    }

    @Test
    void thirtyThreadsBookingOneSlotUnderSerializableLeaveOneBookingAndOnlyConflicts() throws Exception {
        try (Connection c = kit.portal().dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery("SHOW default_transaction_isolation")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("serializable");
        }
        UUID provider = provider();
        List<UUID> customers = BillingTests.users(kit.portal(), "c", 30);
        oneWinner(race(provider, customers), BookingConflictException.class);
    }

    /**
     * The same race for a slot an expired hold still blocks: whoever expires it (a write the others'
     * expiry UPDATE then fails to serialize with) writes its audit row in the booking's statement,
     * with the COMMIT. Retried failures must leave no row behind; the chain stays intact.
     */
    @Test
    void underSerializableARaceForASlotFreedByAnExpiredHoldAuditsTheExpiryOnce() throws Exception {
        UUID provider = provider();
        List<UUID> customers = BillingTests.users(kit.portal(), "c", 30);
        BookingService bookings = kit.portal().service(BookingService.class);
        Instant start = Instant.parse("2026-03-05T10:00:00Z");
        Booking held = bookings.hold(NewBooking.of(customers.get(0), provider, start, start.plusSeconds(3600), "UTC", "Call"),
                Duration.ofMinutes(5), CLIENT);
        clock.set(MONDAY_NOON.plus(Duration.ofMinutes(5)));
        oneWinner(race(provider, customers), BookingConflictException.class);
        assertThat(bookings.find(held.id()).orElseThrow().status()).isEqualTo(BookingStatus.EXPIRED);
        assertThat(Queries.number(kit.portal().dataSource(), "SELECT count(*) FROM portal.activity_logs"
                + " WHERE action = 'booking.expired' AND entity_id = ?", held.id())).isEqualTo(1);
        assertThat(kit.portal().service(ActivityLog.class).verify().intact()).isTrue();
    }

    /** Each customer books 10:00-11:00 on 5 March with the provider, all released together. */
    private List<Race.Outcome<Booking>> race(UUID provider, List<UUID> customers) {
        Instant start = Instant.parse("2026-03-05T10:00:00Z");
        BookingService bookings = kit.portal().service(BookingService.class);
        return Race.run(customers.size(), i -> () -> bookings.book(NewBooking.of(customers.get(i), provider, start,
                start.plusSeconds(3600), "UTC", "Call"), CLIENT));
    }
}
