package dev.portalkit.billing;

import dev.portalkit.core.PortalException;

/**
 * The charge a subscription call needed waits for the customer (3-D Secure): the payment is
 * {@link PaymentStatus#REQUIRES_ACTION} and nothing about the subscription changed yet. The host sends the
 * customer back to the browser with what its provider's client needs (for Stripe: the PaymentIntent's client
 * secret, from {@code StripeGateway.nextAction}); once the provider settles the payment (its webhook calls
 * {@link PaymentService#settle}), the same call with the same key, or {@link PaymentService#reconcile},
 * finishes it. Not retryable before that.
 */
public class PaymentActionRequiredException extends PortalException {

    private static final long serialVersionUID = 1L;

    private final transient Payment payment;

    public PaymentActionRequiredException(Payment payment) {
        super(BillingError.PAYMENT_ACTION_REQUIRED, payment.id(),
                payment.failureCode() == null ? "requires_action" : payment.failureCode());
        this.payment = payment;
    }

    /** The REQUIRES_ACTION payment; its {@code gatewayReference} is the provider's id (a PaymentIntent's). */
    public Payment payment() {
        return payment;
    }
}
