package dev.portalkit.stripe;

import java.util.UUID;

/**
 * What {@link StripeWebhooks#handle} did with one delivery.
 *
 * @param paymentId the PortalKit payment the event is about (of the refund, for a refund event), or {@code null}
 * @param refundId  the PortalKit refund a refund event is about, or {@code null}
 * @param status    the payment's (or refund's) status after the event, or {@code null}
 */
public record WebhookResult(String eventId, String type, Outcome outcome, UUID paymentId, UUID refundId, String status) {

    public enum Outcome {
        /** Stored now, and applied to the payment or refund it names (which may have been settled already). */
        APPLIED,
        /** Stored now; nothing of PortalKit's to settle (another object, an unknown key, a status that settles nothing). */
        IGNORED,
        /** This event id was stored before: acknowledged, nothing settled again. */
        DUPLICATE
    }
}
