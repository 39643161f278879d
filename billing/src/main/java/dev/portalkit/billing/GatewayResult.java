package dev.portalkit.billing;

import java.util.Objects;

/**
 * What the provider answered.
 *
 * @param approved       whether money moved
 * @param reference      the provider's id of the charge or refund
 * @param declineCode    the provider's reason when not approved, e.g. {@code card_declined}; with
 *                       {@code requiresAction}, what the customer must do (e.g. {@code authentication_required})
 * @param requiresAction the charge waits for the customer (3-D Secure in the browser): neither approved nor
 *                       declined yet; the payment becomes {@link PaymentStatus#REQUIRES_ACTION}
 */
public record GatewayResult(boolean approved, String reference, String declineCode, String message,
                            boolean requiresAction) {

    public GatewayResult {
        requiresAction = requiresAction && !approved; // money moved: nothing is left to wait for
    }

    /** A final answer: approved, or declined (the form before {@code requiresAction} existed). */
    public GatewayResult(boolean approved, String reference, String declineCode, String message) {
        this(approved, reference, declineCode, message, false);
    }

    public static GatewayResult approved(String reference) {
        return new GatewayResult(true, Objects.requireNonNull(reference, "null reference"), null, null);
    }

    public static GatewayResult declined(String code, String message) {
        return new GatewayResult(false, null, Objects.requireNonNull(code, "null code"), message);
    }

    /** The same, keeping the provider's reference of the declined attempt. */
    public static GatewayResult declined(String reference, String code, String message) {
        return new GatewayResult(false, reference, Objects.requireNonNull(code, "null code"), message);
    }

    /** The charge {@code reference} waits for the customer: {@code code} says for what (3-D Secure...). */
    public static GatewayResult requiresAction(String reference, String code, String message) {
        return new GatewayResult(false, Objects.requireNonNull(reference, "null reference"),
                Objects.requireNonNull(code, "null code"), message, true);
    }
}
