package dev.portalkit.billing;

import dev.portalkit.core.ConflictException;

/**
 * The gateway did not say whether the charge a subscription call needed went through. The payment
 * is UNKNOWN until {@link PaymentService#reconcile} settles it; calling again with the same
 * idempotency key never charges twice. {@link #isRetryable()} is true.
 */
public class PaymentOutcomeUnknownException extends ConflictException {

    private static final long serialVersionUID = 1L;

    private final transient Payment payment;

    public PaymentOutcomeUnknownException(Payment payment) {
        super(BillingError.PAYMENT_OUTCOME_UNKNOWN, payment.id());
        this.payment = payment;
    }

    public Payment payment() {
        return payment;
    }
}
