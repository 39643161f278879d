package dev.portalkit.billing;

import dev.portalkit.core.ConflictException;

/** Only captured payments can be refunded; an UNKNOWN payment must be reconciled first. */
public class PaymentNotRefundableException extends ConflictException {

    private static final long serialVersionUID = 1L;

    public PaymentNotRefundableException(java.util.UUID paymentId, PaymentStatus status) {
        super(BillingError.PAYMENT_NOT_REFUNDABLE, paymentId, status);
    }
}
