package dev.portalkit.billing;

import dev.portalkit.core.ConflictException;

/** The refund would take the payment's refunded total above what it captured. */
public class RefundExceedsCapturedException extends ConflictException {

    private static final long serialVersionUID = 1L;

    public RefundExceedsCapturedException(long amount, java.util.UUID paymentId, long captured, long refunded) {
        super(BillingError.REFUND_EXCEEDS_CAPTURED, amount, paymentId, captured, refunded);
    }
}
