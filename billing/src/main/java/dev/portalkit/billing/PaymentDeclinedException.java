package dev.portalkit.billing;

import dev.portalkit.core.PortalException;

/**
 * The gateway declined the charge a subscription call needed; nothing about the subscription changed.
 * Neither a conflict with the stored state nor a passing failure: the same call with the same key gets
 * the same refusal, so a host asks for another card (HTTP 402 in the example portal). Not retryable.
 */
public class PaymentDeclinedException extends PortalException {

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
