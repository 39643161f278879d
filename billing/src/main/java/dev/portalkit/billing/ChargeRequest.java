package dev.portalkit.billing;

import dev.portalkit.core.spi.Values;
import java.util.Map;
import java.util.UUID;

/**
 * What {@link PaymentService#charge} takes. The same idempotency key with the same user, amount,
 * currency and description returns the first result; with anything else it is refused.
 *
 * @param amountMinor    more than zero, in minor units of {@code currency}
 * @param currency       ISO 4217, e.g. {@code USD}
 * @param idempotencyKey 1 to 200 characters, unique per intended charge (a UUID, an order number)
 * @param metadata       free-form; not part of the idempotency comparison
 */
public record ChargeRequest(UUID userId, long amountMinor, String currency, String description, String idempotencyKey,
                            Map<String, Object> metadata) {

    public ChargeRequest {
        metadata = Values.copy(metadata);
    }

    public static ChargeRequest of(UUID userId, long amountMinor, String currency, String description, String idempotencyKey) {
        return new ChargeRequest(userId, amountMinor, currency, description, idempotencyKey, Map.of());
    }
}
