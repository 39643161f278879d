package dev.portalkit.billing;

/**
 * PROCESSING (committed before the gateway is called) to SUCCEEDED, FAILED (declined) or UNKNOWN
 * (the gateway did not answer: never assumed FAILED). UNKNOWN settles only through
 * {@link PaymentService#reconcile}. SUCCEEDED to PARTIALLY_REFUNDED to REFUNDED.
 */
public enum PaymentStatus {
    PROCESSING, SUCCEEDED, FAILED, UNKNOWN, PARTIALLY_REFUNDED, REFUNDED;

    /** Whether money was captured. */
    public boolean captured() {
        return this == SUCCEEDED || this == PARTIALLY_REFUNDED || this == REFUNDED;
    }
}
