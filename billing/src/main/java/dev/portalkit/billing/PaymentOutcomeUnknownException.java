package dev.portalkit.billing;

import dev.portalkit.core.TransientException;

/**
 * The gateway did not say whether the charge a subscription call needed went through: a failure that
 * passes, caught with the other {@link TransientException}s. The payment is UNKNOWN until
 * {@link PaymentService#reconcile} settles it; the call's change is not made, and calling again with the
 * same idempotency key never charges twice (it finishes the call once the payment is settled).
 * {@link #isRetryable()} is true. Unlike the database's transient failures, the payment's row and the
 * key's plan were committed: that is what the retry finishes.
 */
public class PaymentOutcomeUnknownException extends TransientException {

    private static final long serialVersionUID = 1L;

    private final transient Payment payment;

    public PaymentOutcomeUnknownException(Payment payment) {
        super(BillingError.PAYMENT_OUTCOME_UNKNOWN, null, payment.id());
        this.payment = payment;
    }

    /** The UNKNOWN payment. */
    public Payment payment() {
        return payment;
    }
}
