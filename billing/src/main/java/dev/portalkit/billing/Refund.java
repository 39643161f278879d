package dev.portalkit.billing;

import java.time.Instant;
import java.util.UUID;

/** One refund of a payment, identified by its idempotency key. */
public record Refund(UUID id, UUID paymentId, String idempotencyKey, long amountMinor, String currency, String reason,
                     RefundStatus status, String gatewayReference, String failureCode, String failureMessage,
                     Instant settledAt, Instant createdAt, Instant updatedAt) {
}
