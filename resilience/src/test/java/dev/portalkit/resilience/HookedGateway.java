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

/**
 * The in-memory gateway with a one-shot hook that runs after a charge went through, while no
 * PortalKit transaction is open: a test takes a lock there to stop the step that settles it.
 */
final class HookedGateway implements PaymentGateway {

    final InMemoryPaymentGateway delegate = new InMemoryPaymentGateway();
    private final AtomicReference<Runnable> afterCharge = new AtomicReference<>();
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
        return result;
    }

    @Override
    public GatewayResult refund(GatewayRefund refund) {
        return delegate.refund(refund);
    }

    @Override
    public Optional<GatewayResult> lookupCharge(String idempotencyKey) {
        return delegate.lookupCharge(idempotencyKey);
    }

    @Override
    public Optional<GatewayResult> lookupRefund(String idempotencyKey) {
        return delegate.lookupRefund(idempotencyKey);
    }
}
