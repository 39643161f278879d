package dev.portalkit.benchmarks;

import dev.portalkit.core.MigrationMode;
import dev.portalkit.core.Portal;
import dev.portalkit.core.PortalModule;
import dev.portalkit.testing.StatementLog;
import dev.portalkit.testing.WireCounter;
import java.util.List;
import java.util.Map;

/**
 * Prints the SQL and round trips of one call of each hot call, through PortalKit and through the
 * raw baseline, and marks each statement the baseline sends differently (development aid: the
 * baseline must send PortalKit's statements, same text, same order; {@code BenchSetupIT} checks it).
 */
public final class Probe {
    public static void main(String[] args) throws Exception {
        int differing = 0;
        try (Fixture f = new Fixture(4, 4)) {
            HotCalls d = new HotCalls(f.portal);
            Map<String, Runnable> pk = HotCalls.portalKit(f.countedPortal, d);
            Map<String, Runnable> raw = Raw.calls(f.countedPool, d);
            for (String call : pk.keySet()) {
                Sent p = sent(f, pk.get(call));
                Sent r = sent(f, raw.get(call));
                boolean same = p.sql.equals(r.sql);
                differing += same ? 0 : 1;
                System.out.println("== " + call + " round trips " + p.roundTrips + " (raw " + r.roundTrips + ")"
                        + (same ? ", raw sends the same statements" : ", RAW DIFFERS"));
                p.sql.forEach(s -> System.out.println("   " + s));
                if (!same) {
                    System.out.println("   -- raw:");
                    for (int i = 0; i < r.sql.size(); i++) {
                        boolean match = i < p.sql.size() && p.sql.get(i).equals(r.sql.get(i));
                        System.out.println((match ? "   " : " ! ") + r.sql.get(i));
                    }
                }
            }
        }
        System.out.println("calls whose raw baseline sends other statements: " + differing);
        if (List.of(args).contains("--bindings")) {
            bindings();
        }
        System.exit(0);
    }

    /** Each write's statements through PortalKit with the parameter values it binds (to copy into the baseline). */
    static void bindings() throws Exception {
        try (Fixture f = new Fixture(4, 4)) {
            HotCalls d = new HotCalls(f.portal);
            StatementLog log = WireCounter.statementLog();
            try (Portal logged = Portal.builder().dataSource(log.wrap(f.pool)).schema(Fixture.SCHEMA).migration(MigrationMode.NONE)
                    .settings(HotCalls.SITE_NAME).install(Fixture.modules(4).toArray(PortalModule[]::new)).build()) {
                Map<String, Runnable> pk = HotCalls.portalKit(logged, d);
                for (String call : OverheadBench.WRITES) {
                    pk.get(call).run();
                    log.clear();
                    pk.get(call).run();
                    System.out.println("== " + call + " bindings");
                    for (StatementLog.Sent st : log.statements()) {
                        System.out.println("   " + st.sql().replaceAll("\\s+", " ").trim());
                        int i = 0;
                        for (StatementLog.Binding b : st.bindings()) {
                            Object[] a = b.args();
                            System.out.println("     " + b.method().getName() + " " + java.util.Arrays.deepToString(a)
                                    + (a != null && a.length > 1 && a[1] != null ? " : " + a[1].getClass().getSimpleName() : ""));
                            i++;
                        }
                    }
                }
            }
        }
    }

    record Sent(long roundTrips, List<String> sql) {
    }

    /** The statements and round trips of the third call (the first two pay the driver's one-off type look-ups). */
    static Sent sent(Fixture f, Runnable call) {
        call.run();
        call.run();
        f.counter.record(true);
        long rt = f.counter.roundTrips();
        call.run();
        long n = f.counter.roundTrips() - rt;
        f.counter.record(false);
        return new Sent(n, f.counter.recorded());
    }
}
