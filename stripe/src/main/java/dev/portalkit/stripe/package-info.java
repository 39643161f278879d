/**
 * portalkit-stripe: {@link dev.portalkit.stripe.StripeGateway}, a billing {@code PaymentGateway} over stripe-java,
 * and {@link dev.portalkit.stripe.StripeWebhooks}, Stripe's webhooks settling payments. Install
 * {@link dev.portalkit.stripe.StripeModule} after billing.
 */
package dev.portalkit.stripe;
