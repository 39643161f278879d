package dev.portalkit.benchmarks;

import java.util.Map;
import org.hibernate.SessionFactory;

/**
 * Development aid for profiling: runs one call in a loop on N threads for S seconds so a profiler
 * or jstack can sample it. Arguments: side (pk | raw | hibernate), call name, threads, seconds.
 */
public final class Loop {
    public static void main(String[] args) throws Exception {
        String side = args[0];
        String call = args[1];
        int threads = Integer.parseInt(args[2]);
        long seconds = Long.parseLong(args[3]);
        try (Fixture f = new Fixture(4, 8)) {
            HotCalls d = new HotCalls(f.portal);
            SessionFactory sf = side.equals("hibernate") ? HibernateBench.sessionFactory(f) : null;
            Map<String, Runnable> calls = switch (side) {
                case "pk" -> HotCalls.portalKit(f.portal, d);
                case "raw" -> Raw.calls(f.pool, d);
                default -> HibernateBench.hibernate(sf, d);
            };
            Runnable op = calls.get(call);
            for (int i = 0; i < 500; i++) {
                op.run();
            }
            System.out.println("LOOP START");
            Measure.Result r = Measure.run(op, threads, 0, seconds * 1000);
            System.out.printf("LOOP %s %s threads=%d ops/s=%.0f p50=%.0fus%n", side, call, threads, r.opsPerSec(), r.p50us());
            if (sf != null) {
                sf.close();
            }
        }
        System.exit(0);
    }
}
