package dev.portalkit.stripe;

import java.util.Optional;
import java.util.UUID;

/**
 * The host's map from PortalKit users to Stripe customers (PortalKit keeps no Stripe ids of its own). Called
 * before each charge, outside any transaction; must be thread-safe. An empty answer declines the charge with
 * {@code no_payment_method} (nothing is sent to Stripe).
 */
@FunctionalInterface
public interface StripeCustomers {

    Optional<StripeCustomer> find(UUID userId);
}
