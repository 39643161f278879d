/**
 * portalkit-billing: pricing tiers ({@link dev.portalkit.billing.PricingService}), subscriptions
 * ({@link dev.portalkit.billing.SubscriptionService}) and payments
 * ({@link dev.portalkit.billing.PaymentService}) through a host
 * {@link dev.portalkit.billing.PaymentGateway}. Bookings live in {@code dev.portalkit.billing.booking}.
 * Install {@link dev.portalkit.billing.BillingModule} (it needs portalkit-auth).
 */
package dev.portalkit.billing;
