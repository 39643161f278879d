package dev.portalkit.billing;

import java.util.Optional;

/**
 * The host's payment provider. PortalKit passes its idempotency key with every call, so a provider
 * that supports idempotency (most do) also never charges twice. Implementations must be
 * thread-safe.
 *
 * <p>Return a result when the provider answered; throw {@link GatewayTimeoutException} (or any
 * other exception) when the outcome is not known: the payment becomes UNKNOWN, never FAILED, and
 * {@link #lookupCharge} settles it later.
 */
public interface PaymentGateway {

    GatewayResult charge(GatewayCharge charge);

    GatewayResult refund(GatewayRefund refund);

    /** The outcome of an earlier charge with this key; empty when the provider never received it. */
    Optional<GatewayResult> lookupCharge(String idempotencyKey);

    /** The outcome of an earlier refund with this key; empty when the provider never received it. */
    Optional<GatewayResult> lookupRefund(String idempotencyKey);
}
