package dev.portalkit.stripe.internal;

import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.CardException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.PermissionException;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.model.StripeError;
import dev.portalkit.billing.GatewayResult;
import dev.portalkit.billing.GatewayTimeoutException;

/**
 * Stripe's answers (PaymentIntents, Refunds, errors) as billing's {@link GatewayResult}; {@code null} (or a
 * {@link GatewayTimeoutException}) where the outcome is not known yet, so the payment stays UNKNOWN, never
 * FAILED. Messages are built from Stripe's codes and ids only: never from a request, so never with a key. Not API.
 */
public final class Outcomes {

    private Outcomes() {
    }

    /** A PaymentIntent's status as a result; {@code null} while it is not settled (processing, ...). */
    public static GatewayResult of(PaymentIntent pi) {
        String status = pi.getStatus() == null ? "" : pi.getStatus();
        return switch (status) {
            case "succeeded" -> GatewayResult.approved(pi.getId());
            case "requires_action" -> GatewayResult.requiresAction(pi.getId(), "authentication_required",
                    "The customer must complete " + (pi.getNextAction() == null ? "an action"
                            : pi.getNextAction().getType()) + " in the browser");
            case "requires_payment_method" -> declined(pi.getId(), pi.getLastPaymentError(), "requires_payment_method");
            case "canceled" -> GatewayResult.declined(pi.getId(), "canceled",
                    "The PaymentIntent was canceled" + (pi.getCancellationReason() == null ? ""
                            : " (" + pi.getCancellationReason() + ")"));
            default -> null; // processing, requires_confirmation, requires_capture: not settled
        };
    }

    /** A Refund's status as a result; {@code null} while pending or waiting for an action. */
    public static GatewayResult of(Refund r) {
        String status = r.getStatus() == null ? "" : r.getStatus();
        return switch (status) {
            case "succeeded" -> GatewayResult.approved(r.getId());
            case "failed", "canceled" -> GatewayResult.declined(r.getId(),
                    r.getFailureReason() == null ? "refund_" + status : r.getFailureReason(), "The refund " + status);
            default -> null;
        };
    }

    /**
     * A definite refusal as a result; everything else (network, timeouts, 409, 429, 5xx) as a
     * {@link GatewayTimeoutException}: Stripe may have acted.
     */
    public static GatewayResult of(StripeException e) {
        if (e instanceof CardException card) {
            StripeError err = card.getStripeError();
            String pi = err != null && err.getPaymentIntent() != null ? err.getPaymentIntent().getId() : null;
            return declined(pi, err, card.getCode() == null ? "card_declined" : card.getCode());
        }
        if (e instanceof IdempotencyException) {
            throw unknown(e); // the key was used with other parameters: what it did is not known from here
        }
        if (e instanceof InvalidRequestException || e instanceof AuthenticationException
                || e instanceof PermissionException) {
            // Refused before anything was done: a bad parameter, an unknown object, a refused API key.
            String code = e.getCode() != null ? e.getCode()
                    : e instanceof InvalidRequestException ? "invalid_request" : "api_key_refused";
            return GatewayResult.declined(code, "Stripe refused the request (HTTP " + e.getStatusCode() + ", " + code
                    + requestId(e) + ")");
        }
        throw unknown(e);
    }

    public static GatewayTimeoutException unknown(StripeException e) {
        String cause = e instanceof ApiConnectionException && e.getCause() != null
                ? e.getCause().getClass().getSimpleName() : "HTTP " + e.getStatusCode();
        return new GatewayTimeoutException("Stripe gave no definite answer: " + e.getClass().getSimpleName() + " ("
                + cause + (e.getCode() == null ? "" : ", " + e.getCode()) + requestId(e) + ")");
    }

    private static GatewayResult declined(String reference, StripeError err, String fallback) {
        // Stripe's decline code (insufficient_funds, ...) when it gave one, else its error code (card_declined,
        // authentication_required, ...): kept on the payment as its failureCode.
        String code = err == null ? fallback
                : err.getDeclineCode() != null ? err.getDeclineCode()
                : err.getCode() != null ? err.getCode() : fallback;
        String message = err == null ? null : err.getMessage();
        return GatewayResult.declined(reference, code, message);
    }

    private static String requestId(StripeException e) {
        return e.getRequestId() == null ? "" : ", request " + e.getRequestId();
    }
}
