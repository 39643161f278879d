package dev.portalkit.benchmarks;

import java.util.Map;

/** Development aid: times one call single-threaded, PortalKit then raw, so a profiler can attach. */
public final class Profile {
    public static void main(String[] args) throws Exception {
        String call = args.length > 0 ? args[0] : "findUserByEmail";
        try (Fixture f = new Fixture(4, 8)) {
            HotCalls d = new HotCalls(f.portal);
            Map<String, Runnable> pk = HotCalls.portalKit(f.portal, d);
            Map<String, Runnable> raw = Raw.calls(f.pool, d);
            for (int round = 0; round < 4; round++) {
                for (var side : Map.of("pk", pk, "raw", raw).entrySet()) {
                    Runnable op = side.getValue().get(call);
                    long t0 = System.nanoTime();
                    int n = 5000;
                    for (int i = 0; i < n; i++) {
                        op.run();
                    }
                    System.out.printf("%s %s %.1f us/op%n", call, side.getKey(), (System.nanoTime() - t0) / 1e3 / n);
                }
            }
        }
        System.exit(0);
    }
}
