package dev.portalkit.auth.internal;

import dev.portalkit.auth.AuthError;
import dev.portalkit.auth.PasswordHasher;
import dev.portalkit.core.PortalException;
import dev.portalkit.core.TransientException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The password hasher behind a semaphore sized to the processors: a burst of logins queues here,
 * holding no pooled connection, instead of starving the pool. Also keeps a dummy hash at the
 * current cost, verified when no account matches, so every login does exactly one verification.
 * The wait for a permit is bounded: a flood of logins fails fast with a retryable error instead of
 * stalling every host thread behind the queue.
 */
final class Hashing {

    private final PasswordHasher hasher;
    private final Semaphore permits;
    private final long waitNanos;
    private final CompletableFuture<String> dummyHash;

    Hashing(PasswordHasher hasher, int concurrency, Duration wait) {
        this.hasher = hasher;
        this.permits = new Semaphore(concurrency, true);
        this.waitNanos = wait.toNanos();
        // Precomputed off the caller's thread: the first unknown-e-mail login must not pay (and
        // reveal itself by) an extra hash, and build() must not wait for one. Outside the permits: a
        // busy queue at start-up must not leave every later unknown-e-mail login failing.
        this.dummyHash = CompletableFuture.supplyAsync(() -> hasher.hash("portalkit-dummy-" + UUID.randomUUID()));
    }

    String hash(String password) {
        acquire();
        try {
            return hasher.hash(password);
        } finally {
            permits.release();
        }
    }

    boolean verify(String password, String hash) {
        acquire();
        try {
            return hasher.verify(password, hash);
        } finally {
            permits.release();
        }
    }

    /** Spends the same work as a real verification, for an account that does not exist. */
    void verifyDummy(String password) {
        verify(password == null ? "" : password, dummyHash.join());
    }

    boolean needsRehash(String hash) {
        return hasher.needsRehash(hash);
    }

    private void acquire() {
        try {
            if (!permits.tryAcquire(waitNanos, TimeUnit.NANOSECONDS)) {
                throw new TransientException(AuthError.HASHING_BUSY, null, TimeUnit.NANOSECONDS.toMillis(waitNanos));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PortalException(AuthError.HASHING_INTERRUPTED);
        }
    }
}
