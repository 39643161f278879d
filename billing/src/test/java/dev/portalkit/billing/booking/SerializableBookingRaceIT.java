package dev.portalkit.billing.booking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalkit.auth.AuthModule;
import dev.portalkit.auth.AuthOptions;
import dev.portalkit.auth.NewUser;
import dev.portalkit.auth.UserService;
import dev.portalkit.billing.BillingModule;
import dev.portalkit.billing.BillingOptions;
import dev.portalkit.billing.InMemoryPaymentGateway;
import dev.portalkit.core.ActivityLog;
import dev.portalkit.core.CallContext;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.TestClock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The same one-slot race with every transaction SERIALIZABLE (as a host may configure its
 * database): serialization failures must end as a retry or the same conflict, never as an
 * unexpected error.
 */
class SerializableBookingRaceIT {

    static final CallContext CLIENT = CallContext.anonymous("203.0.113.9", "JUnit browser");
    static final Instant MONDAY_NOON = Instant.parse("2026-03-02T12:00:00Z");
    static final TestClock clock = new TestClock(MONDAY_NOON);

    @RegisterExtension
    static final PortalExtension kit = PortalExtension.builder()
            .install(new AuthModule(AuthOptions.builder().bcryptCost(4).build()),
                    new BillingModule(BillingOptions.builder().gateway(new InMemoryPaymentGateway()).build()))
            .configure((b, db) -> {
                // A database default, not a connection option, so it also holds behind a pooler.
                try (Connection c = db.directDataSource().getConnection()) {
                    c.createStatement().execute("ALTER DATABASE " + db.name()
                            + " SET default_transaction_isolation = 'serializable'");
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
                b.clock(clock).maximumPoolSize(12);
            })
            .build();

    private UUID user(String name) {
        return kit.portal().service(UserService.class).register(NewUser.member(
                name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com", "correct horse battery", name),
                CLIENT).id();
    }

    /** A provider working all day every day in UTC (notice 120 minutes, horizon 60 days). */
    private UUID provider() {
        UUID provider = user("provider");
        kit.portal().service(BookingService.class).setAvailability(provider,
                AvailabilityInput.everyDay("UTC", TimeRange.of("00:00", "00:00")), CLIENT);
        return provider;
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
        List<UUID> customers = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            customers.add(user("c" + i));
        }
        List<Object> outcomes = race(provider, customers);
        assertThat(outcomes).filteredOn(Booking.class::isInstance).hasSize(1);
        assertThat(outcomes).filteredOn(o -> !(o instanceof Booking))
                .allSatisfy(o -> assertThat(o).isInstanceOf(BookingConflictException.class))
                .hasSize(29);
    }

    /**
     * The same race for a slot an expired hold still blocks: whoever expires it (a write the others'
     * expiry UPDATE then fails to serialize with) writes its audit row in the booking's statement,
     * with the COMMIT. Retried failures must leave no row behind; the chain stays intact.
     */
    @Test
    void underSerializableARaceForASlotFreedByAnExpiredHoldAuditsTheExpiryOnce() throws Exception {
        UUID provider = provider();
        List<UUID> customers = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            customers.add(user("c" + i));
        }
        BookingService bookings = kit.portal().service(BookingService.class);
        Instant start = Instant.parse("2026-03-05T10:00:00Z");
        Booking held = bookings.hold(NewBooking.of(customers.get(0), provider, start, start.plusSeconds(3600), "UTC", "Call"),
                Duration.ofMinutes(5), CLIENT);
        clock.set(MONDAY_NOON.plus(Duration.ofMinutes(5)));
        List<Object> outcomes = race(provider, customers);
        assertThat(outcomes).filteredOn(Booking.class::isInstance).hasSize(1);
        assertThat(outcomes).filteredOn(o -> !(o instanceof Booking))
                .allSatisfy(o -> assertThat(o).isInstanceOf(BookingConflictException.class))
                .hasSize(29);
        assertThat(bookings.find(held.id()).orElseThrow().status()).isEqualTo(BookingStatus.EXPIRED);
        try (Connection c = kit.portal().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM portal.activity_logs"
                     + " WHERE action = 'booking.expired' AND entity_id = ?")) {
            ps.setObject(1, held.id());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(1);
            }
        }
        assertThat(kit.portal().service(ActivityLog.class).verify().intact()).isTrue();
    }

    /** Each customer books 10:00-11:00 on 5 March with the provider, all released together. */
    private List<Object> race(UUID provider, List<UUID> customers) throws Exception {
        Instant start = Instant.parse("2026-03-05T10:00:00Z");
        BookingService bookings = kit.portal().service(BookingService.class);
        CyclicBarrier barrier = new CyclicBarrier(customers.size());
        ExecutorService pool = Executors.newFixedThreadPool(customers.size());
        List<Future<Object>> futures = new ArrayList<>();
        for (UUID customer : customers) {
            futures.add(pool.submit(() -> {
                barrier.await(30, TimeUnit.SECONDS);
                try {
                    return (Object) bookings.book(NewBooking.of(customer, provider, start, start.plusSeconds(3600),
                            "UTC", "Call"), CLIENT);
                } catch (RuntimeException e) {
                    return e;
                }
            }));
        }
        List<Object> outcomes = new ArrayList<>();
        for (Future<Object> f : futures) {
            outcomes.add(f.get(120, TimeUnit.SECONDS));
        }
        pool.shutdown();
        return outcomes;
    }
}
