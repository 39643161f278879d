package dev.portalkit.billing;

import dev.portalkit.core.ConflictException;

/** The first call with this idempotency key has not finished yet; {@link #isRetryable()} is true. */
public class PaymentInProgressException extends ConflictException {

    private static final long serialVersionUID = 1L;

    public PaymentInProgressException(String key) {
        super(BillingError.PAYMENT_IN_PROGRESS, key);
    }
}
