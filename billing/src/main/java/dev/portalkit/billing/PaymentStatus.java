package dev.portalkit.billing;

/**
 * PROCESSING (committed before the gateway is called) to SUCCEEDED, FAILED (declined), UNKNOWN
 * (the gateway did not answer: never assumed FAILED) or REQUIRES_ACTION (the customer must act in the
 * browser first, e.g. 3-D Secure). UNKNOWN settles through {@link PaymentService#reconcile} or
 * {@link PaymentService#settle}; REQUIRES_ACTION through {@link PaymentService#settle} (a provider's
 * webhook). SUCCEEDED to PARTIALLY_REFUNDED to REFUNDED.
 */
public enum PaymentStatus {
    PROCESSING, SUCCEEDED, FAILED, UNKNOWN, PARTIALLY_REFUNDED, REFUNDED,
    /** The provider waits for the customer (3-D Secure in the browser); nothing captured yet. Billing V4. */
    REQUIRES_ACTION;

    /** Whether money was captured. */
    public boolean captured() {
        return this == SUCCEEDED || this == PARTIALLY_REFUNDED || this == REFUNDED;
    }
}
