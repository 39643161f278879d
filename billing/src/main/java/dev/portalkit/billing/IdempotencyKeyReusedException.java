package dev.portalkit.billing;

import dev.portalkit.core.ConflictException;

/** The idempotency key was used before with a different request (amount, currency, user...). */
public class IdempotencyKeyReusedException extends ConflictException {

    private static final long serialVersionUID = 1L;

    public IdempotencyKeyReusedException(String key) {
        super(BillingError.IDEMPOTENCY_KEY_REUSED, key);
    }
}
