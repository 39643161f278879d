package dev.portalkit.billing;

import dev.portalkit.core.ConflictException;

/** The gateway declined the charge a subscription call needed; nothing about the subscription changed. */
public class PaymentDeclinedException extends ConflictException {

    private static final long serialVersionUID = 1L;

    private final transient Payment payment;

    public PaymentDeclinedException(Payment payment) {
        super(BillingError.PAYMENT_DECLINED, payment.failureCode() == null ? "declined" : payment.failureCode());
        this.payment = payment;
    }

    /** The FAILED payment. */
    public Payment payment() {
        return payment;
    }
}
