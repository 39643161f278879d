package dev.portalkit.auth;

import dev.portalkit.auth.internal.BcryptHasher;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * bcrypt at cost 4 that can hold one verification in the hasher (a hasher that sleeps until told)
 * and counts verifications: the tests use it to place a lock, a password change or a queued login
 * exactly inside another call's verification, with no timing involved.
 */
final class GatedHasher extends BcryptHasher {

    private final AtomicInteger verifications = new AtomicInteger();
    private volatile String gated;
    private volatile CountDownLatch entered = new CountDownLatch(1);
    private volatile CountDownLatch release = new CountDownLatch(1);

    GatedHasher() {
        super(4);
    }

    /** The next verification of {@code password} waits inside the hasher until {@link #release()}. */
    void hold(String password) {
        entered = new CountDownLatch(1);
        release = new CountDownLatch(1);
        gated = password;
    }

    /** Waits until the held verification has started (it holds a hashing slot from then on). */
    void awaitHeld() throws InterruptedException {
        if (!entered.await(60, TimeUnit.SECONDS)) {
            throw new AssertionError("the held verification never started");
        }
    }

    void release() {
        release.countDown();
    }

    int verifications() {
        return verifications.get();
    }

    @Override
    public boolean verify(String password, String hash) {
        verifications.incrementAndGet();
        if (password != null && password.equals(gated)) {
            gated = null;
            entered.countDown();
            try {
                if (!release.await(60, TimeUnit.SECONDS)) {
                    throw new AssertionError("the held verification was never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return super.verify(password, hash);
    }
}
