package dev.portalkit.stripe;

import dev.portalkit.core.CallContext;

/**
 * Stripe's webhooks settling payments and refunds. The host's endpoint passes the raw request body (exactly as
 * received: the signature covers its bytes) and the {@code Stripe-Signature} header, and answers 2xx when this
 * returns, 400 on {@link WebhookSignatureException} or a {@code ValidationException}, 5xx on anything else (Stripe
 * then delivers again).
 */
public interface StripeWebhooks {

    /**
     * Verifies the signature (HMAC-SHA256 under the webhook secret, within the tolerance), stores the event's id
     * once, and settles the PortalKit payment or refund it names (by its {@code portalkit_key} metadata) if it is
     * still PROCESSING, UNKNOWN or REQUIRES_ACTION, in one transaction. An event already stored (Stripe delivers
     * at least once) is acknowledged without settling anything again; an event about a payment already settled
     * changes nothing (events may arrive out of order).
     *
     * @throws WebhookSignatureException               the signature is missing, wrong, or outside the tolerance;
     *                                                 nothing stored
     * @throws dev.portalkit.core.ValidationException  an argument is null, or the payload is not a Stripe event (on
     *                                                 {@code payload}); nothing stored
     */
    WebhookResult handle(String payload, String signatureHeader, CallContext context);
}
