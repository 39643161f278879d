package dev.portalkit.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * A baseline and PortalKit measured in interleaved rounds, and the statistics over the per-round
 * ratios (PortalKit / baseline): median, quartiles, and when to stop adding rounds.
 *
 * <p>Why the median of per-round ratios, not the ratio of summed throughput: one window disturbed by
 * a checkpoint, a WAL flush or another process moves a sum (and the old minimum-over-rows summary)
 * as much as it likes; it moves a median by at most one rank. Why interleaved: rounds alternate
 * which side goes first (baseline then PortalKit, then PortalKit then baseline, ...), always in
 * pairs, so a drift in the machine's load hits both sides alike.
 *
 * <p>The stopping rule ({@link #needMore}): at least {@link Plan#minRounds}; then two more rounds
 * (one pair) at a time while the median's estimated standard error, {@code 0.93 × IQR / √n}, is more
 * than {@link Plan#maxRelativeError} of the median, up to {@link Plan#maxRounds}. (For normally
 * distributed ratios IQR = 1.35 σ and the median's standard error is 1.25 σ / √n, hence 0.93.)
 * A tight row stops at the minimum; a wide one gets up to the cap.
 */
final class Rounds {

    /**
     * How many rounds and how long each window is.
     *
     * @param minRounds        rounds always measured (even: whole pairs)
     * @param maxRounds        the cap (even)
     * @param maxRelativeError stop adding rounds once the median's standard error is at most this share of it
     * @param warmMillis       warm-up of each window, not measured
     * @param measureMillis    measured part of each window
     * @param warmCalls        calls per side, one thread, before a call's first row ({@link #warm})
     * @param warmCapMillis    ... or until this much time per side has passed
     */
    record Plan(int minRounds, int maxRounds, double maxRelativeError, long warmMillis, long measureMillis,
                int warmCalls, long warmCapMillis) {
        Plan {
            if (minRounds < 2 || minRounds % 2 != 0 || maxRounds < minRounds || maxRounds % 2 != 0) {
                throw new IllegalArgumentException("rounds come in pairs: min " + minRounds + ", max " + maxRounds);
            }
        }

        static Plan quick() {
            return new Plan(4, 10, 0.05, 150, 400, 10_000, 10_000);
        }

        static Plan full() {
            return new Plan(6, 16, 0.03, 300, 1000, 20_000, 30_000);
        }

        /**
         * The audit section: windows long enough for the background sealer (every 500 ms) to reach
         * its steady state inside them (500 ms warm-up, then 1 s measured: about two sealer runs,
         * each sealing what the 500 ms before it wrote); a short warm-up of calls, which section 1
         * already compiled (only user registration is new).
         */
        static Plan audit(boolean full) {
            return full ? new Plan(6, 16, 0.03, 500, 2000, 5_000, 10_000) : new Plan(4, 10, 0.05, 500, 1000, 2_000, 5_000);
        }
    }

    /** Every round of one row: the baseline's and PortalKit's windows and their ratios, in order. */
    record Comparison(List<Measure.Result> base, List<Measure.Result> pk, double[] ratios) {

        int rounds() {
            return ratios.length;
        }

        double median() {
            return Rounds.median(ratios);
        }

        double q1() {
            return quantile(sorted(ratios), 0.25);
        }

        double q3() {
            return quantile(sorted(ratios), 0.75);
        }

        double lo() {
            return sorted(ratios)[0];
        }

        double hi() {
            return sorted(ratios)[ratios.length - 1];
        }

        Measure.Result pkCombined() {
            return Measure.Result.combine(pk);
        }

        Measure.Result baseCombined() {
            return Measure.Result.combine(base);
        }
    }

    /** Measures {@code base} and {@code pk} at {@code threads} in interleaved rounds until {@link #needMore} says stop. */
    static Comparison compare(Runnable base, Runnable pk, int threads, Plan plan) {
        return compare(base, pk, threads, plan, () -> { });
    }

    /**
     * As {@link #compare(Runnable, Runnable, int, Plan)}, running {@code beforeWindow} (untimed) before
     * every window: the audit section drains the sealer's backlog there, so no window pays for
     * sealing the rows of the window before it.
     */
    static Comparison compare(Runnable base, Runnable pk, int threads, Plan plan, Runnable beforeWindow) {
        List<Measure.Result> b = new ArrayList<>();
        List<Measure.Result> p = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        while (needMore(ratios, plan)) {
            for (int pair = 0; pair < 2; pair++) {
                Measure.Result rb;
                Measure.Result rp;
                if (pair == 0) {
                    beforeWindow.run();
                    rb = Measure.run(base, threads, plan.warmMillis(), plan.measureMillis());
                    beforeWindow.run();
                    rp = Measure.run(pk, threads, plan.warmMillis(), plan.measureMillis());
                } else {
                    beforeWindow.run();
                    rp = Measure.run(pk, threads, plan.warmMillis(), plan.measureMillis());
                    beforeWindow.run();
                    rb = Measure.run(base, threads, plan.warmMillis(), plan.measureMillis());
                }
                b.add(rb);
                p.add(rp);
                ratios.add(rp.opsPerSec() / rb.opsPerSec());
            }
        }
        return new Comparison(b, p, ratios.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /**
     * Warms both sides before a call's first row: alternating blocks of 100 calls until each side has
     * made {@code plan.warmCalls()} calls or one side has run {@code plan.warmCapMillis()}. PortalKit runs far more
     * code per call than the baseline, and HotSpot compiles it only after thousands of calls: with
     * 300 warm-up calls a booking still spent 470 µs outside JDBC in its first seconds against 150 µs
     * after 20,000 calls (the baseline: 100 against 35 µs; measured with {@code Split}), so the first
     * row of each call (1 thread) measured the JIT more than PortalKit.
     */
    static void warm(Runnable base, Runnable pk, Plan plan) {
        long[] spent = new long[2];
        int done = 0;
        long cap = plan.warmCapMillis() * 1_000_000L;
        while (done < plan.warmCalls() && spent[0] < cap && spent[1] < cap) {
            Runnable[] sides = {base, pk};
            for (int s = 0; s < 2; s++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < 100; i++) {
                    sides[s].run();
                }
                spent[s] += System.nanoTime() - t0;
            }
            done += 100;
        }
    }

    /** Whether to measure another pair of rounds, given the ratios so far (see the class comment). */
    static boolean needMore(List<Double> ratios, Plan plan) {
        int n = ratios.size();
        if (n < plan.minRounds()) {
            return true;
        }
        if (n >= plan.maxRounds()) {
            return false;
        }
        return relativeError(ratios.stream().mapToDouble(Double::doubleValue).toArray()) > plan.maxRelativeError();
    }

    /** The median's estimated standard error as a share of the median: 0.93 × IQR / √n / median. */
    static double relativeError(double[] xs) {
        double[] s = sorted(xs);
        double iqr = quantile(s, 0.75) - quantile(s, 0.25);
        return 0.93 * iqr / Math.sqrt(s.length) / median(xs);
    }

    /** The median: the middle value, or the mean of the two middle values of an even count. */
    static double median(double[] xs) {
        if (xs.length == 0) {
            return Double.NaN;
        }
        double[] s = sorted(xs);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }

    /** The q-quantile of sorted values by linear interpolation between ranks (R's type 7, the spreadsheet one). */
    static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /** The geometric mean: the mean of ratios that treats 0.5 and 2.0 as the same distance from 1. */
    static double geomean(Collection<Double> xs) {
        if (xs.isEmpty()) {
            return Double.NaN;
        }
        double logs = 0;
        for (double x : xs) {
            logs += Math.log(x);
        }
        return Math.exp(logs / xs.size());
    }

    private static double[] sorted(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s;
    }

    private Rounds() {
    }
}
