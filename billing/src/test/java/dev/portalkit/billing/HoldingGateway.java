package dev.portalkit.billing;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A gateway (an {@link InMemoryPaymentGateway} in the tests) that can stop the charges whose key starts with a prefix until the test
 * releases them: a race between a call waiting on the gateway and another call, in a chosen order,
 * without sleeping.
 */
final class HoldingGateway extends ForwardingPaymentGateway {

    private volatile String prefix;
    private volatile CountDownLatch held = new CountDownLatch(1);
    private volatile CountDownLatch release = new CountDownLatch(0);

    HoldingGateway(InMemoryPaymentGateway ledger) {
        super(ledger);
    }

    /** From now on, charges whose key starts with {@code keyPrefix} wait until {@link #release()}. */
    void hold(String keyPrefix) {
        held = new CountDownLatch(1);
        release = new CountDownLatch(1);
        prefix = keyPrefix;
    }

    /** Waits until a held charge is waiting (at most 30 s). */
    void awaitHeld() throws InterruptedException {
        if (!held.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("no charge with a key starting with " + prefix + " reached the gateway");
        }
    }

    void release() {
        prefix = null;
        release.countDown();
    }

    @Override
    public GatewayResult charge(GatewayCharge charge) {
        String p = prefix;
        if (p != null && charge.idempotencyKey().startsWith(p)) {
            held.countDown();
            try {
                if (!release.await(30, TimeUnit.SECONDS)) {
                    throw new GatewayTimeoutException("held charge never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GatewayTimeoutException("interrupted");
            }
        }
        return super.charge(charge);
    }
}
