package dev.portalkit.billing;

import java.util.UUID;

/** A charge as sent to the {@link PaymentGateway}. */
public record GatewayCharge(String idempotencyKey, UUID customerId, long amountMinor, String currency, String description) {
}
