package dev.portalkit.billing;

import java.util.Objects;

/**
 * What the provider answered.
 *
 * @param approved    whether money moved
 * @param reference   the provider's id of the charge or refund
 * @param declineCode the provider's reason when not approved, e.g. {@code card_declined}
 */
public record GatewayResult(boolean approved, String reference, String declineCode, String message) {

    public static GatewayResult approved(String reference) {
        return new GatewayResult(true, Objects.requireNonNull(reference, "null reference"), null, null);
    }

    public static GatewayResult declined(String code, String message) {
        return new GatewayResult(false, null, Objects.requireNonNull(code, "null code"), message);
    }
}
