package dev.portalkit.billing;

import java.time.Instant;
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

    /**
     * What {@code PaymentService.reconcile} asks: the outcome of {@code charge}, sent as it is here (the same
     * key and request) when its record was committed at {@code recordedAt}. A provider whose look-up by key is
     * only eventually consistent (Stripe's search) may instead send the same request again under the same
     * idempotency key, which the provider answers from its record, or performs once if it never received it.
     * (default: {@link #lookupCharge(String)})
     */
    default Optional<GatewayResult> lookupCharge(GatewayCharge charge, Instant recordedAt) {
        return lookupCharge(charge.idempotencyKey());
    }

    /** As {@link #lookupCharge(GatewayCharge, Instant)}, for a refund. (default: {@link #lookupRefund(String)}) */
    default Optional<GatewayResult> lookupRefund(GatewayRefund refund, Instant recordedAt) {
        return lookupRefund(refund.idempotencyKey());
    }
}
