package dev.portalkit.billing;

/** A refund as sent to the {@link PaymentGateway}; {@code chargeReference} is the charge's gateway reference. */
public record GatewayRefund(String idempotencyKey, String chargeReference, long amountMinor, String currency, String reason) {
}
