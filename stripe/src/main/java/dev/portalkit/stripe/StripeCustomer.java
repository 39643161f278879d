package dev.portalkit.stripe;

import java.util.Objects;

/**
 * Who pays at Stripe for a PortalKit user: the Stripe customer and the saved payment method to charge (a
 * {@code pm_...} the host attached with a SetupIntent or Stripe Checkout).
 */
public record StripeCustomer(String customerId, String paymentMethodId) {

    public StripeCustomer {
        Objects.requireNonNull(customerId, "null customerId");
        Objects.requireNonNull(paymentMethodId, "null paymentMethodId");
    }
}
