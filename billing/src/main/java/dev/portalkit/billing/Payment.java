package dev.portalkit.billing;

import dev.portalkit.core.spi.Values;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One charge, identified by its idempotency key.
 *
 * @param subscriptionId     the subscription it pays for, if any
 * @param periodStart        the billing period a renewal charge pays for
 * @param refundedMinor      refunded so far
 * @param refundPendingMinor refunds sent to the gateway and not settled yet
 * @param failureCode        the gateway's decline code, for FAILED payments
 */
public record Payment(UUID id, UUID userId, UUID subscriptionId, Instant periodStart, String idempotencyKey,
                      long amountMinor, String currency, String description, PaymentStatus status, long refundedMinor,
                      long refundPendingMinor, String gatewayReference, String failureCode, String failureMessage,
                      Instant settledAt, Map<String, Object> metadata, Instant createdAt, Instant updatedAt) {

    public Payment {
        metadata = Values.copy(metadata);
    }

    /** What may still be refunded. */
    public long refundableMinor() {
        return status.captured() ? amountMinor - refundedMinor - refundPendingMinor : 0;
    }
}
