package dev.portalkit.benchmarks;

import java.util.Map;

/** Prints the SQL and round trips of one call of each hot call (development aid). */
public final class Probe {
    public static void main(String[] args) throws Exception {
        try (Fixture f = new Fixture(4, 4)) {
            HotCalls d = new HotCalls(f.portal);
            Map<String, Runnable> calls = HotCalls.portalKit(f.countedPortal, d);
            for (var e : calls.entrySet()) {
                e.getValue().run();
                e.getValue().run();
                f.counter.record(true);
                long rt = f.counter.roundTrips();
                e.getValue().run();
                long n = f.counter.roundTrips() - rt;
                f.counter.record(false);
                System.out.println("== " + e.getKey() + " round trips " + n);
                f.counter.recorded().forEach(s -> System.out.println("   " + s));
            }
        }
    }
}
