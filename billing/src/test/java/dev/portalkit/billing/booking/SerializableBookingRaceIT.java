package dev.portalkit.billing.booking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalkit.auth.AuthModule;
import dev.portalkit.auth.AuthOptions;
import dev.portalkit.auth.NewUser;
import dev.portalkit.auth.UserService;
import dev.portalkit.billing.BillingModule;
import dev.portalkit.billing.BillingOptions;
import dev.portalkit.billing.InMemoryPaymentGateway;
import dev.portalkit.core.CallContext;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.TestClock;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The same one-slot race with every transaction SERIALIZABLE (as a host may configure its
 * database): serialization failures must end as a retry or the same conflict, never as an
 * unexpected error.
 */
class SerializableBookingRaceIT {

    static final CallContext CLIENT = CallContext.anonymous("203.0.113.9", "JUnit browser");

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
                b.clock(new TestClock(Instant.parse("2026-03-02T12:00:00Z"))).maximumPoolSize(12);
            })
            .build();

    private UUID user(String name) {
        return kit.portal().service(UserService.class).register(NewUser.member(
                name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com", "correct horse battery", name),
                CLIENT).id();
    }

    @Test
    void thirtyThreadsBookingOneSlotUnderSerializableLeaveOneBookingAndOnlyConflicts() throws Exception {
        try (Connection c = kit.portal().dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery("SHOW default_transaction_isolation")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("serializable");
        }
        UUID provider = user("provider");
        List<UUID> customers = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            customers.add(user("c" + i));
        }
        Instant start = Instant.parse("2026-03-05T10:00:00Z");
        BookingService bookings = kit.portal().service(BookingService.class);
        CyclicBarrier barrier = new CyclicBarrier(30);
        ExecutorService pool = Executors.newFixedThreadPool(30);
        List<Future<Object>> futures = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            UUID customer = customers.get(i);
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
        assertThat(outcomes).filteredOn(Booking.class::isInstance).hasSize(1);
        assertThat(outcomes).filteredOn(o -> !(o instanceof Booking))
                .allSatisfy(o -> assertThat(o).isInstanceOf(BookingConflictException.class))
                .hasSize(29);
    }
}
