package dev.portalkit.benchmarks;

import java.util.List;
import java.util.Map;

/**
 * Section 1: each hot call through PortalKit next to the raw-JDBC baseline (same SQL, same pool),
 * at 1, 2 and 8 threads, plus the round trips each side puts on the wire.
 */
final class OverheadBench {

    /** The fewest round trips a hand-written version needs (see BENCHMARKS.md for how). */
    static final Map<String, Integer> MINIMUM = Map.of(
            "authenticate", 1, "findUserById", 1, "findUserByEmail", 1, "book", 1, "providerBookingsPage", 1,
            "charge", 2, "queueEmail", 1, "readSetting", 1, "navTree", 1, "activityPage", 1);
    static final int[] THREADS = {1, 2, 8};
    static final List<String> WRITES = List.of("book", "charge", "queueEmail");

    void run(Fixture f, HotCalls d, Report out, boolean full, Summary summary) {
        Map<String, Runnable> pk = HotCalls.portalKit(f.portal, d);
        Map<String, Runnable> raw = Raw.calls(f.pool, d);
        Map<String, Runnable> pkCounted = HotCalls.portalKit(f.countedPortal, d);
        Map<String, Runnable> rawCounted = Raw.calls(f.countedPool, d);
        out.line("## Section 1: PortalKit vs raw JDBC (same SQL, same Hikari pool of 8)");
        out.line("");
        out.line("| call | RT PortalKit | RT raw | RT minimum | threads | rounds | ratio (median of rounds) | IQR of round ratios"
                + " | range | PortalKit ops/s | raw ops/s | PortalKit p50/p99 µs | raw p50/p99 µs |");
        out.line("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        // PortalKit and raw run in alternating short windows (Rounds), so drift in the background
        // load hits both sides alike; rows whose round ratios scatter get more rounds.
        Rounds.Plan plan = full ? Rounds.Plan.full() : Rounds.Plan.quick();
        int excess = 0;
        for (String call : pk.keySet()) {
            Rounds.warm(raw.get(call), pk.get(call), plan);
            double rtPk = count(f, pkCounted.get(call));
            double rtRaw = count(f, rawCounted.get(call));
            int min = MINIMUM.get(call);
            excess += (int) Math.round(rtPk) - min;
            for (int threads : THREADS) {
                Rounds.Comparison c = Rounds.compare(raw.get(call), pk.get(call), threads, plan);
                Measure.Result p = c.pkCombined();
                Measure.Result r = c.baseCombined();
                summary.overhead.add(new Summary.RowRatio(call, threads, c.median()));
                out.line(String.format("| %s | %.1f | %.1f | %d | %d | %d | %.2f%s | %.2f–%.2f | %.2f–%.2f | %.0f | %.0f | %.0f / %.0f | %.0f / %.0f |",
                        call, rtPk, rtRaw, min, threads, c.rounds(), c.median(), c.median() >= Summary.ROW_TARGET ? "" : " ✗",
                        c.q1(), c.q3(), c.lo(), c.hi(), p.opsPerSec(), r.opsPerSec(), p.p50us(), p.p99us(), r.p50us(), r.p99us()));
            }
        }
        summary.roundTripsExcess = excess;
        out.line("");
    }

    /** Round trips per call, averaged over 20 calls on the counting proxy (one connection). */
    static double count(Fixture f, Runnable op) {
        for (int i = 0; i < 5; i++) {
            op.run();
        }
        long before = f.counter.roundTrips();
        int n = 20;
        for (int i = 0; i < n; i++) {
            op.run();
        }
        return (f.counter.roundTrips() - before) / (double) n;
    }
}
