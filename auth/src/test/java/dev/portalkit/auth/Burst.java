package dev.portalkit.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/** Real threads released at once by a barrier: what each call returned or threw, by index. */
final class Burst {

    private Burst() {
    }

    /** The outcome of call {@code i}: its result, or the exception it threw (never both). */
    record Outcome<T>(T value, Throwable error) {

        boolean failedWith(Class<? extends Throwable> type) {
            return type.isInstance(error);
        }
    }

    static <T> List<Outcome<T>> run(int n, IntFunction<Callable<T>> calls) throws InterruptedException {
        CyclicBarrier barrier = new CyclicBarrier(n);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Callable<T> call = calls.apply(i);
                futures.add(pool.submit(() -> {
                    barrier.await();
                    return call.call();
                }));
            }
            List<Outcome<T>> outcomes = new ArrayList<>();
            for (Future<T> f : futures) {
                try {
                    outcomes.add(new Outcome<>(f.get(), null));
                } catch (ExecutionException e) {
                    outcomes.add(new Outcome<>(null, e.getCause()));
                }
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }
}
