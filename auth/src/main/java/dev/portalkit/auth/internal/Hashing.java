package dev.portalkit.auth.internal;

import dev.portalkit.auth.AuthError;
import dev.portalkit.auth.PasswordHasher;
import dev.portalkit.core.PortalException;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * The password hasher behind a semaphore sized to the processors: a burst of logins queues here,
 * holding no pooled connection, instead of starving the pool. Also keeps a dummy hash at the
 * current cost, verified when no account matches, so every login does exactly one verification.
 */
final class Hashing {

    private final PasswordHasher hasher;
    private final Semaphore permits;
    private final CompletableFuture<String> dummyHash;

    Hashing(PasswordHasher hasher, int concurrency) {
        this.hasher = hasher;
        this.permits = new Semaphore(concurrency, true);
        // Precomputed off the caller's thread: the first unknown-e-mail login must not pay (and
        // reveal itself by) an extra hash, and build() must not wait for one.
        this.dummyHash = CompletableFuture.supplyAsync(() -> hash("portalkit-dummy-" + UUID.randomUUID()));
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
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PortalException(AuthError.HASHING_INTERRUPTED);
        }
    }
}
