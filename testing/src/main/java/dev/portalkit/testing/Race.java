package dev.portalkit.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * Runs calls on real threads released together by a barrier, for tests of what concurrent callers
 * do to each other (two bookings of one slot, a double charge, a lost update):
 *
 * <pre>{@code
 * List<Race.Outcome<Booking>> outcomes = Race.run(8, i -> () -> bookings.book(slot, who));
 * assertThat(outcomes).filteredOn(Race.Outcome::failed).hasSize(7)
 *         .allMatch(o -> o.failedWith(ConflictException.class));
 * }</pre>
 *
 * Each call gets a thread of its own; all wait at a barrier (up to 30 seconds) so they start
 * together, and each result is awaited up to 120 seconds. The outcomes come back in index order,
 * whatever the order the calls finished in, each holding what its call returned or whatever it
 * threw (any {@link Throwable}, assertion errors included). The threads are shut down before
 * {@code run} returns, also when it throws. A race that cannot start (the barrier broke) or a call
 * that does not finish in time fails the run with an {@link AssertionError}, never as an outcome:
 * an outcome is only ever what the call itself did.
 */
public final class Race {

    static final long BARRIER_SECONDS = 30;
    static final long RESULT_SECONDS = 120;

    private Race() {
    }

    /**
     * The outcome of one call: the value it returned, or the error it threw (never both).
     *
     * @param value what the call returned ({@code null} when it failed, or when it returned null)
     * @param error what the call threw, or {@code null} when it returned
     */
    public record Outcome<T>(T value, Throwable error) {

        /** Whether the call threw. */
        public boolean failed() {
            return error != null;
        }

        /** Whether the call threw an instance of {@code type}. */
        public boolean failedWith(Class<? extends Throwable> type) {
            return type.isInstance(error);
        }

        /**
         * What the call returned; when it threw, an {@link AssertionError} carrying that error as its
         * cause, so a test that expects success shows why it did not get it.
         */
        @Override
        public T value() {
            if (error != null) {
                throw new AssertionError("The call failed: " + error, error);
            }
            return value;
        }
    }

    /** Runs {@code calls.apply(i)} for {@code i} in {@code 0..threads-1}, each on its own thread, released together. */
    public static <T> List<Outcome<T>> run(int threads, IntFunction<Callable<T>> calls) {
        if (threads < 1) {
            throw new IllegalArgumentException("A race needs at least one thread, not " + threads);
        }
        Objects.requireNonNull(calls, "null calls");
        List<Callable<T>> tasks = new ArrayList<>(threads);
        for (int i = 0; i < threads; i++) {
            tasks.add(Objects.requireNonNull(calls.apply(i), "calls.apply(" + i + ") returned null"));
        }
        CyclicBarrier barrier = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "race");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<T>> futures = new ArrayList<>(threads);
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(() -> {
                    try {
                        barrier.await(BARRIER_SECONDS, TimeUnit.SECONDS);
                    } catch (BrokenBarrierException | TimeoutException e) {
                        throw new NotStarted(e);
                    }
                    return task.call();
                }));
            }
            List<Outcome<T>> outcomes = new ArrayList<>(threads);
            for (int i = 0; i < threads; i++) {
                outcomes.add(outcome(i, futures.get(i)));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Runs the same {@code call} on {@code threads} threads, released together. */
    public static <T> List<Outcome<T>> run(int threads, Callable<T> call) {
        Objects.requireNonNull(call, "null call");
        return run(threads, i -> call);
    }

    private static <T> Outcome<T> outcome(int index, Future<T> future) {
        try {
            return new Outcome<>(future.get(RESULT_SECONDS, TimeUnit.SECONDS), null);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof NotStarted n) {
                throw new AssertionError("Call " + index + " of the race never started: the barrier "
                        + (n.getCause() instanceof TimeoutException ? "timed out after " + BARRIER_SECONDS + " s" : "broke"), n);
            }
            return new Outcome<>(null, e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("Call " + index + " of the race did not finish within " + RESULT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for call " + index + " of the race", e);
        }
    }

    /** The barrier, not the call, failed: the race did not happen as asked. */
    private static final class NotStarted extends Exception {
        NotStarted(Exception cause) {
            super(cause);
        }
    }
}
