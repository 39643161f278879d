package dev.portalkit.content;

import dev.portalkit.auth.AuthModule;
import dev.portalkit.auth.AuthOptions;
import dev.portalkit.auth.NewUser;
import dev.portalkit.auth.User;
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
import java.util.function.UnaryOperator;

/** The content suite's support: auth (bcrypt cost 4) and content on a fresh database. */
final class ContentTests {

    static final String PASSWORD = "correct horse battery";
    static final CallContext VISITOR = CallContext.anonymous("198.51.100.7", "JUnit browser");

    private ContentTests() {
    }

    static PortalExtension portal() {
        return portal(o -> o, null);
    }

    static PortalExtension portal(UnaryOperator<ContentOptions.Builder> options, Clock clock) {
        ContentOptions built = options.apply(ContentOptions.builder()).build();
        return PortalExtension.builder()
                .install(new AuthModule(AuthOptions.builder().bcryptCost(4).build()), new ContentModule(built))
                .configure(b -> {
                    if (clock != null) {
                        b.clock(clock);
                    }
                })
                .build();
    }

    /**
     * A Portal whose connections go through {@code recorder} (not pooled: a connection per call,
     * fine for a test), so a test sees every statement a call sends.
     */
    static PortalExtension recorded(StatementRecorder recorder) {
        return PortalExtension.builder()
                .install(new AuthModule(AuthOptions.builder().bcryptCost(4).build()), new ContentModule())
                .configure((b, db) -> b.jdbcUrl(null).username(null).password(null).dataSource(recorder.wrap(db.dataSource())))
                .build();
    }

    static User user(Portal portal, String name) {
        String email = name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        return portal.service(UserService.class).register(NewUser.member(email, PASSWORD, name), VISITOR);
    }

    static CallContext as(User user) {
        return CallContext.of(user.id(), "203.0.113.5", "JUnit editor");
    }

    /** A single number from SQL run beside PortalKit, e.g. a row count. */
    static long count(Portal portal, String sql, Object... params) {
        try (Connection c = portal.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void execute(Portal portal, String sql, Object... params) {
        try (Connection c = portal.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs every task on its own thread, all released at once by a barrier; returns each task's
     * outcome: its result, or the exception it threw.
     */
    static List<Object> race(List<Callable<?>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            CyclicBarrier start = new CyclicBarrier(tasks.size());
            List<Future<Object>> futures = new ArrayList<>();
            for (Callable<?> task : tasks) {
                futures.add(pool.submit(() -> {
                    start.await();
                    try {
                        return task.call();
                    } catch (RuntimeException e) {
                        return e;
                    }
                }));
            }
            List<Object> outcomes = new ArrayList<>();
            for (Future<Object> f : futures) {
                outcomes.add(f.get());
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }
}
