package dev.portalkit.billing;

/** PROCESSING to SUCCEEDED, FAILED or UNKNOWN (settled by {@link PaymentService#reconcile}). */
public enum RefundStatus {
    PROCESSING, SUCCEEDED, FAILED, UNKNOWN
}
