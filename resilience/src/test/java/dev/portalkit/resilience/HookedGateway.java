package dev.portalkit.resilience;

import dev.portalkit.billing.GatewayCharge;
import dev.portalkit.billing.GatewayRefund;
import dev.portalkit.billing.GatewayResult;
import dev.portalkit.billing.InMemoryPaymentGateway;
import dev.portalkit.billing.PaymentGateway;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The in-memory gateway with one-shot hooks: one that runs after a charge went through, while no
 * PortalKit transaction is open (a test takes a lock there to stop the step that settles it), and
 * a failure of the next call, as a host's HTTP client throws it.
 */
final class HookedGateway implements PaymentGateway {

    final InMemoryPaymentGateway delegate = new InMemoryPaymentGateway();
    private final AtomicReference<Runnable> afterCharge = new AtomicReference<>();
    private final AtomicReference<Supplier<RuntimeException>> nextFailure = new AtomicReference<>();
    private volatile UUID hookCustomer;
    private final Map<String, AtomicInteger> chargeCalls = new ConcurrentHashMap<>();

    /** Runs {@code hook} once, after the next charge. */
    void afterNextCharge(Runnable hook) {
        afterNextCharge(null, hook);
    }

    /** Runs {@code hook} once, after the next charge of {@code customer} (any customer if null). */
    void afterNextCharge(UUID customer, Runnable hook) {
        hookCustomer = customer;
        afterCharge.set(hook);
    }

    /**
     * Makes the next call throw {@code failure}'s exception: a charge after it went through (PortalKit
     * cannot know its outcome), a refund or look-up before it reaches the ledger.
     */
    void failNextCall(Supplier<RuntimeException> failure) {
        nextFailure.set(failure);
    }

    private void failIfAsked() {
        Supplier<RuntimeException> failure = nextFailure.getAndSet(null);
        if (failure != null) {
            throw failure.get();
        }
    }

    /** How often the gateway was asked to charge under this idempotency key. */
    int chargeCalls(String key) {
        AtomicInteger n = chargeCalls.get(key);
        return n == null ? 0 : n.get();
    }

    @Override
    public GatewayResult charge(GatewayCharge charge) {
        chargeCalls.computeIfAbsent(charge.idempotencyKey(), k -> new AtomicInteger()).incrementAndGet();
        GatewayResult result = delegate.charge(charge);
        UUID only = hookCustomer;
        Runnable hook = only == null || only.equals(charge.customerId()) ? afterCharge.getAndSet(null) : null;
        if (hook != null) {
            hook.run();
        }
        failIfAsked();
        return result;
    }

    @Override
    public GatewayResult refund(GatewayRefund refund) {
        failIfAsked();
        return delegate.refund(refund);
    }

    @Override
    public Optional<GatewayResult> lookupCharge(String idempotencyKey) {
        failIfAsked();
        return delegate.lookupCharge(idempotencyKey);
    }

    @Override
    public Optional<GatewayResult> lookupRefund(String idempotencyKey) {
        failIfAsked();
        return delegate.lookupRefund(idempotencyKey);
    }
}
