package dev.portalkit.benchmarks;

import dev.portalkit.core.MigrationMode;
import dev.portalkit.core.Portal;
import dev.portalkit.core.PortalModule;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;

/**
 * Development aid: where a call's time goes, in JDBC (statement executions and commits: the driver,
 * the wire and the server) or outside it (PortalKit's or the baseline's own Java), per call, for
 * PortalKit and the raw baseline in alternating windows over one pool wrapped in the same timing
 * proxy. Arguments: call name, threads, seconds per window, rounds.
 */
public final class Split {

    private static final Set<String> TIMED = Set.of("execute", "executeQuery", "executeUpdate", "commit", "rollback");

    /** Nanoseconds spent inside timed JDBC methods, all threads. */
    static final LongAdder JDBC_NANOS = new LongAdder();

    public static void main(String[] args) throws Exception {
        String call = args[0];
        int threads = Integer.parseInt(args[1]);
        long millis = Long.parseLong(args[2]) * 1000;
        int rounds = Integer.parseInt(args[3]);
        try (Fixture f = new Fixture(4, 8)) {
            DataSource timed = timed(f.pool);
            HotCalls d = new HotCalls(f.portal);
            try (Portal p = Portal.builder().dataSource(timed).schema(Fixture.SCHEMA).migration(MigrationMode.NONE)
                    .settings(HotCalls.SITE_NAME).install(Fixture.modules(4).toArray(PortalModule[]::new)).build()) {
                Map<String, Runnable> sides = Map.of("pk", HotCalls.portalKit(p, d).get(call), "raw", Raw.calls(timed, d).get(call));
                for (int i = 0; i < 500; i++) {
                    sides.get("pk").run();
                    sides.get("raw").run();
                }
                for (int r = 0; r < rounds; r++) {
                    for (String side : r % 2 == 0 ? new String[] {"raw", "pk"} : new String[] {"pk", "raw"}) {
                        JDBC_NANOS.reset();
                        Measure.Result m = Measure.run(sides.get(side), threads, 0, millis);
                        double wallPerCall = m.seconds() * threads * 1e6 / m.ops();
                        double jdbcPerCall = JDBC_NANOS.sum() / 1e3 / m.ops();
                        System.out.printf("SPLIT %s %-3s threads=%d ops/s=%.0f wall/call=%.0fus jdbc/call=%.0fus outside=%.0fus%n",
                                call, side, threads, m.opsPerSec(), wallPerCall, jdbcPerCall, wallPerCall - jdbcPerCall);
                    }
                }
            }
        }
        System.exit(0);
    }

    static DataSource timed(DataSource ds) {
        return proxy(DataSource.class, ds);
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, T target) {
        InvocationHandler h = (self, m, a) -> {
            boolean time = TIMED.contains(m.getName());
            long t0 = time ? System.nanoTime() : 0;
            Object out;
            try {
                out = m.invoke(target, a);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            } finally {
                if (time) {
                    JDBC_NANOS.add(System.nanoTime() - t0);
                }
            }
            if (out instanceof Connection c && m.getName().equals("getConnection")) {
                return proxy(Connection.class, c);
            }
            if (out instanceof PreparedStatement ps && m.getName().equals("prepareStatement")) {
                return proxy(PreparedStatement.class, ps);
            }
            return out;
        };
        return (T) Proxy.newProxyInstance(Split.class.getClassLoader(), new Class<?>[] {type}, h);
    }

    private Split() {
    }
}
