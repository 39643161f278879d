package dev.portalkit.billing;

import dev.portalkit.core.spi.Values;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;

/**
 * What {@link SubscriptionService#subscribe} takes.
 *
 * @param billingZone    the zone billing periods are computed in; {@code null} takes
 *                       {@link BillingOptions#defaultBillingZone()}
 * @param idempotencyKey makes the call safe to retry: the same key returns the first result; 1 to 150
 *                       characters, unique across PortalKit
 */
public record NewSubscription(UUID userId, UUID tierId, ZoneId billingZone, String idempotencyKey,
                              Map<String, Object> metadata) {

    public NewSubscription {
        metadata = Values.copy(metadata);
    }

    public static NewSubscription of(UUID userId, UUID tierId, String idempotencyKey) {
        return new NewSubscription(userId, tierId, null, idempotencyKey, Map.of());
    }

    public NewSubscription inZone(ZoneId zone) {
        return new NewSubscription(userId, tierId, zone, idempotencyKey, metadata);
    }
}
