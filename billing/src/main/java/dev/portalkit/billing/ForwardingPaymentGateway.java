package dev.portalkit.billing;

import dev.portalkit.core.spi.Problems;
import java.util.Optional;

/**
 * A {@link PaymentGateway} that passes every call to another one. Extend it to decorate a gateway
 * (timing, logging, a test's hooks) by overriding only the calls you change:
 *
 * <pre>{@code
 * PaymentGateway timed = new ForwardingPaymentGateway(stripe) {
 *     public GatewayResult charge(GatewayCharge charge) {
 *         long start = System.nanoTime();
 *         try {
 *             return super.charge(charge);
 *         } finally {
 *             chargeTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
 *         }
 *     }
 * };
 * }</pre>
 */
public abstract class ForwardingPaymentGateway implements PaymentGateway {

    private final PaymentGateway delegate;

    /** @throws dev.portalkit.core.PortalConfigurationException (PK-1000) when {@code delegate} is null */
    protected ForwardingPaymentGateway(PaymentGateway delegate) {
        Problems problems = new Problems();
        problems.required(delegate, "delegate");
        problems.throwIfAny();
        this.delegate = delegate;
    }

    /** The gateway calls are passed to. */
    protected PaymentGateway delegate() {
        return delegate;
    }

    @Override
    public GatewayResult charge(GatewayCharge charge) {
        return delegate.charge(charge);
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
