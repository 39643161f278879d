package dev.portalkit.benchmarks;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/** A closed-loop load of {@code threads} callers for a fixed time: throughput and latency percentiles. */
final class Measure {

    record Result(double opsPerSec, double p50us, double p95us, double p99us, long ops, double seconds, long[] sorted) {

        /** Several windows of the same load as one: ops over total time, percentiles over all calls. */
        static Result combine(java.util.List<Result> parts) {
            long ops = 0;
            double secs = 0;
            int n = 0;
            for (Result r : parts) {
                ops += r.ops;
                secs += r.seconds;
                n += r.sorted.length;
            }
            long[] all = new long[n];
            int k = 0;
            for (Result r : parts) {
                System.arraycopy(r.sorted, 0, all, k, r.sorted.length);
                k += r.sorted.length;
            }
            Arrays.sort(all);
            return new Result(ops / secs, pct(all, 0.50), pct(all, 0.95), pct(all, 0.99), ops, secs, all);
        }
    }

    /**
     * A call that counts only part of itself: {@link #timedRun} does the whole call and answers the
     * nanoseconds to count; the rest (putting things back for the next call) is not measured.
     */
    interface Timed extends Runnable {
        long timedRun();

        @Override
        default void run() {
            timedRun();
        }
    }

    static Result run(Runnable op, int threads, long warmMillis, long measureMillis) {
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        long[][] lat = new long[threads][];
        int[] counts = new int[threads];
        CountDownLatch done = new CountDownLatch(threads);
        Throwable[] failure = new Throwable[1];
        for (int t = 0; t < threads; t++) {
            int ti = t;
            Thread th = new Thread(() -> {
                long[] buf = new long[1 << 16];
                int n = 0;
                try {
                    while (!stop.get()) {
                        long dt;
                        if (op instanceof Timed timed) {
                            dt = timed.timedRun();
                        } else {
                            long t0 = System.nanoTime();
                            op.run();
                            dt = System.nanoTime() - t0;
                        }
                        if (measuring.get()) {
                            if (n == buf.length) {
                                buf = Arrays.copyOf(buf, n * 2);
                            }
                            buf[n++] = dt;
                        }
                    }
                } catch (Throwable e) {
                    failure[0] = e;
                    stop.set(true);
                } finally {
                    lat[ti] = buf;
                    counts[ti] = n;
                    done.countDown();
                }
            }, "bench-" + t);
            th.start();
        }
        sleep(warmMillis);
        measuring.set(true);
        long t0 = System.nanoTime();
        sleep(measureMillis);
        measuring.set(false);
        long elapsed = System.nanoTime() - t0;
        stop.set(true);
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure[0] != null) {
            throw new IllegalStateException("benchmark call failed", failure[0]);
        }
        int total = 0;
        for (int c : counts) {
            total += c;
        }
        long[] all = new long[total];
        int k = 0;
        for (int t = 0; t < threads; t++) {
            System.arraycopy(lat[t], 0, all, k, counts[t]);
            k += counts[t];
        }
        Arrays.sort(all);
        return new Result(total / (elapsed / 1e9), pct(all, 0.50), pct(all, 0.95), pct(all, 0.99), total, elapsed / 1e9, all);
    }

    static double pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) (q * sorted.length))] / 1e3;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Measure() {
    }
}
