package dev.portalkit.stripe;

/**
 * What a REQUIRES_ACTION payment waits for, read live from Stripe (never stored by PortalKit).
 *
 * @param status       the PaymentIntent's status ({@code requires_action}, or what it became)
 * @param type         Stripe's {@code next_action.type}: {@code use_stripe_sdk} (Stripe.js
 *                     {@code handleNextAction(clientSecret)}) or {@code redirect_to_url}; {@code null} when none
 * @param clientSecret the PaymentIntent's client secret, for Stripe.js in the customer's browser only: never log
 *                     or store it ({@link #toString()} leaves it out)
 * @param redirectUrl  where to send the customer for {@code redirect_to_url}, else {@code null}
 */
public record NextAction(String paymentIntentId, String status, String type, String clientSecret, String redirectUrl) {

    @Override
    public String toString() {
        return "NextAction[paymentIntentId=" + paymentIntentId + ", status=" + status + ", type=" + type
                + ", clientSecret=(hidden), redirectUrl=" + redirectUrl + "]";
    }
}
