package dev.portalkit.stripe;

import dev.portalkit.core.AuthenticationException;

/**
 * A webhook whose {@code Stripe-Signature} does not prove it came from Stripe just now: missing or malformed,
 * signed with another secret, or timestamped outside the tolerance (a replay of an old delivery). Nothing was
 * stored or settled. Answer HTTP 400; Stripe's genuine deliveries are signed with the current secret.
 */
public class WebhookSignatureException extends AuthenticationException {

    private static final long serialVersionUID = 1L;

    public WebhookSignatureException(String reason) {
        super(StripeError.WEBHOOK_SIGNATURE_INVALID, reason);
    }
}
