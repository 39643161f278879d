package dev.portalkit.billing;

import dev.portalkit.core.TransientException;

/**
 * The first call with this idempotency key has not finished yet: call again later with the same key.
 * A {@link TransientException}, as every retryable billing failure is, so one {@code catch} serves a
 * host's retry loop.
 */
public class PaymentInProgressException extends TransientException {

    private static final long serialVersionUID = 1L;

    public PaymentInProgressException(String key) {
        super(BillingError.PAYMENT_IN_PROGRESS, null, key);
    }
}
