package dev.portalkit.billing;

import dev.portalkit.auth.AuthModule;
import dev.portalkit.auth.AuthOptions;
import dev.portalkit.auth.NewUser;
import dev.portalkit.auth.UserService;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.Portal;
import dev.portalkit.testing.PortalExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;

/** The billing suite's support: auth (bcrypt cost 4) and billing on a fresh database per class. */
public final class BillingTests {

    static final CallContext CLIENT = CallContext.anonymous("203.0.113.9", "JUnit browser");

    private BillingTests() {
    }

    static PortalExtension portal(PaymentGateway gateway, Clock clock) {
        return portal(gateway, clock, o -> o);
    }

    static PortalExtension portal(PaymentGateway gateway, Clock clock, UnaryOperator<BillingOptions.Builder> options) {
        return PortalExtension.builder()
                .install(new AuthModule(AuthOptions.builder().bcryptCost(4).build()),
                        new BillingModule(options.apply(BillingOptions.builder().gateway(gateway)).build()))
                .configure(b -> {
                    if (clock != null) {
                        b.clock(clock);
                    }
                    b.maximumPoolSize(12);
                })
                .build();
    }

    static UUID user(Portal portal, String name) {
        String email = name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        return portal.service(UserService.class)
                .register(NewUser.member(email, "correct horse battery", name), CLIENT).id();
    }

    static String key() {
        return UUID.randomUUID().toString();
    }

    static long count(Portal portal, String sql, Object... args) {
        try (Connection c = portal.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code task} on {@code threads} threads released together; each result or exception. */
    static <T> List<Object> race(int threads, Callable<T> task) throws Exception {
        return race(threads, i -> task);
    }

    /** Like {@link #race(int, Callable)}, with a task per thread index; results in index order. */
    public static List<Object> race(int threads, IntFunction<Callable<?>> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Future<Object>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Callable<?> c = task.apply(i);
                futures.add(pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    try {
                        return (Object) c.call();
                    } catch (RuntimeException e) {
                        return e;
                    }
                }));
            }
            List<Object> out = new ArrayList<>();
            for (Future<Object> f : futures) {
                out.add(f.get(120, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
