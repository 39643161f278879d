package dev.portalkit.stripe;

import dev.portalkit.core.ErrorCode;

/** Error codes of portalkit-stripe (range 6000-6999). */
public enum StripeError implements ErrorCode {
    @Message("The Stripe-Signature of the webhook is not valid: %s")
    WEBHOOK_SIGNATURE_INVALID(6000),
    @Message(value = "Stripe could not be asked (%s); try again", retryable = true)
    STRIPE_UNAVAILABLE(6002),
    @Message("Stripe refused the request (%s)")
    STRIPE_REFUSED(6003);

    private final int number;

    StripeError(int number) {
        this.number = number;
    }

    @Override
    public int number() {
        return number;
    }
}
