package dev.portalkit.stripe;

import com.stripe.StripeClient;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.model.StripeCollection;
import com.stripe.net.RequestOptions;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentIntentSearchParams;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.RefundListParams;
import dev.portalkit.billing.GatewayCharge;
import dev.portalkit.billing.GatewayRefund;
import dev.portalkit.billing.GatewayResult;
import dev.portalkit.billing.GatewayTimeoutException;
import dev.portalkit.billing.PaymentGateway;
import dev.portalkit.core.PortalException;
import dev.portalkit.core.ValidationException;
import dev.portalkit.core.spi.Problems;
import dev.portalkit.stripe.internal.Outcomes;
import dev.portalkit.stripe.internal.StripeAmounts;
import java.time.Instant;
import java.util.Optional;

/**
 * A {@link PaymentGateway} over stripe-java: a charge is a PaymentIntent created and confirmed in one request,
 * a refund a Refund of it, each sent with PortalKit's idempotency key as Stripe's {@code Idempotency-Key} (and
 * kept in the object's metadata as {@code portalkit_key}), so Stripe acts at most once per key, whoever retries.
 *
 * <ul>
 * <li>succeeded → SUCCEEDED; requires_action → REQUIRES_ACTION (see {@link #nextAction}); a decline → FAILED with
 *     Stripe's decline code ({@code insufficient_funds}, or its error code: {@code card_declined},
 *     {@code authentication_required} for an off-session charge); a request Stripe refused (400, 401, 403) → FAILED
 *     with its code;</li>
 * <li>network errors, timeouts, 409, 429, 5xx, and a PaymentIntent still {@code processing} → no answer: the
 *     payment stays UNKNOWN and {@code reconcile} settles it.</li>
 * </ul>
 * Renewal charges (keys {@code renewal:...}) are sent off-session: the customer is not there to authenticate.
 * Thread-safe; create one per application.
 */
public final class StripeGateway implements PaymentGateway {

    /** The metadata entry that carries PortalKit's idempotency key on PaymentIntents and Refunds. */
    public static final String KEY_METADATA = "portalkit_key";

    private final StripeOptions options;
    private final StripeClient client;

    /** @throws dev.portalkit.core.PortalConfigurationException (PK-1000) when {@code options} is null */
    public StripeGateway(StripeOptions options) {
        new Problems().check(options != null, "StripeGateway needs options (was null): StripeOptions.builder()...build()")
                .throwIfAny();
        this.options = options;
        this.client = StripeClient.builder()
                .setApiKey(options.secretKey())
                .setApiBase(options.apiBase())
                .setConnectTimeout((int) options.connectTimeout().toMillis())
                .setReadTimeout((int) options.readTimeout().toMillis())
                .setMaxNetworkRetries(options.maxNetworkRetries())
                .build();
    }

    /** The options it was built with (their {@code toString} hides the secrets). */
    public StripeOptions options() {
        return options;
    }

    @Override
    public GatewayResult charge(GatewayCharge charge) {
        Optional<PaymentIntentCreateParams> params = params(charge);
        if (params.isEmpty()) {
            return refusedLocally(charge);
        }
        try {
            return settledOrUnknown(client.v1().paymentIntents().create(params.get(), keyed(charge.idempotencyKey())));
        } catch (StripeException e) {
            return Outcomes.of(e);
        }
    }

    @Override
    public GatewayResult refund(GatewayRefund refund) {
        Optional<RefundCreateParams> params = params(refund);
        if (params.isEmpty()) {
            return refusedLocally(refund);
        }
        try {
            return settledOrUnknown(client.v1().refunds().create(params.get(), keyed(refund.idempotencyKey())));
        } catch (StripeException e) {
            return Outcomes.of(e);
        }
    }

    /**
     * Searches PaymentIntents by the {@code portalkit_key} metadata. Stripe's search is eventually consistent
     * (about a minute, longer during incidents): billing's {@code reconcile} calls
     * {@link #lookupCharge(GatewayCharge, Instant)} instead.
     */
    @Override
    public Optional<GatewayResult> lookupCharge(String idempotencyKey) {
        try {
            PaymentIntentSearchParams query = PaymentIntentSearchParams.builder()
                    .setQuery("metadata['" + KEY_METADATA + "']:'" + quoted(idempotencyKey) + "'")
                    .build();
            for (PaymentIntent pi : client.v1().paymentIntents().search(query).getData()) {
                return Optional.of(settledOrUnknown(current(pi)));
            }
            return Optional.empty();
        } catch (StripeException e) {
            throw Outcomes.unknown(e);
        }
    }

    /**
     * Within {@link StripeOptions#replayWindow()} of its record, the charge is sent again with the same
     * Idempotency-Key and parameters: Stripe answers from its record of the first request (or, if it never
     * received it, performs it now, once), and the PaymentIntent is then read again for its current status. Later,
     * or when the parameters changed meanwhile (the customer's payment method), it is searched by key.
     */
    @Override
    public Optional<GatewayResult> lookupCharge(GatewayCharge charge, Instant recordedAt) {
        if (!replayable(recordedAt)) {
            return lookupCharge(charge.idempotencyKey());
        }
        Optional<PaymentIntentCreateParams> params = params(charge);
        if (params.isEmpty()) {
            return Optional.of(refusedLocally(charge));
        }
        try {
            PaymentIntent first = client.v1().paymentIntents().create(params.get(), keyed(charge.idempotencyKey()));
            return Optional.of(settledOrUnknown(current(first)));
        } catch (IdempotencyException e) {
            return lookupCharge(charge.idempotencyKey());
        } catch (StripeException e) {
            return Optional.of(Outcomes.of(e));
        }
    }

    /** Refunds cannot be found by key alone (Stripe has no refund search): the answer is never "not received". */
    @Override
    public Optional<GatewayResult> lookupRefund(String idempotencyKey) {
        throw new GatewayTimeoutException("a Stripe refund is looked up by its PaymentIntent: call lookupRefund(refund, at)");
    }

    /** As {@link #lookupCharge(GatewayCharge, Instant)}; past the window, the PaymentIntent's refunds are listed. */
    @Override
    public Optional<GatewayResult> lookupRefund(GatewayRefund refund, Instant recordedAt) {
        Optional<RefundCreateParams> params = params(refund);
        if (params.isEmpty()) {
            return Optional.of(refusedLocally(refund));
        }
        try {
            if (replayable(recordedAt)) {
                try {
                    Refund first = client.v1().refunds().create(params.get(), keyed(refund.idempotencyKey()));
                    return Optional.of(settledOrUnknown(client.v1().refunds().retrieve(first.getId())));
                } catch (IdempotencyException e) {
                    // the parameters changed meanwhile: listed below
                }
            }
            StripeCollection<Refund> page = client.v1().refunds().list(RefundListParams.builder()
                    .setPaymentIntent(refund.chargeReference()).setLimit(100L).build());
            for (Refund r : page.autoPagingIterable()) {
                if (refund.idempotencyKey().equals(r.getMetadata() == null ? null : r.getMetadata().get(KEY_METADATA))) {
                    return Optional.of(settledOrUnknown(r));
                }
            }
            return Optional.empty();
        } catch (StripeException e) {
            return Optional.of(Outcomes.of(e));
        }
    }

    /**
     * What the customer must do for a REQUIRES_ACTION payment (its {@code gatewayReference} is the PaymentIntent's
     * id), read live from Stripe: hand {@code clientSecret} to Stripe.js in the customer's browser
     * ({@code stripe.handleNextAction({clientSecret})}), or redirect to {@code redirectUrl}.
     *
     * @throws ValidationException when {@code paymentIntentId} is not a PaymentIntent id
     * @throws PortalException     PK-6002 (retryable) when Stripe could not be asked; PK-6003 when it refused
     */
    public NextAction nextAction(String paymentIntentId) {
        if (paymentIntentId == null || !paymentIntentId.matches("pi_[A-Za-z0-9_]{1,250}")) {
            throw new ValidationException("paymentIntentId", "must be a PaymentIntent id (pi_...)");
        }
        try {
            PaymentIntent pi = client.v1().paymentIntents().retrieve(paymentIntentId);
            PaymentIntent.NextAction next = pi.getNextAction();
            String redirect = next != null && next.getRedirectToUrl() != null ? next.getRedirectToUrl().getUrl() : null;
            return new NextAction(pi.getId(), pi.getStatus(), next == null ? null : next.getType(), pi.getClientSecret(),
                    redirect);
        } catch (StripeException e) {
            GatewayResult refused;
            try {
                refused = Outcomes.of(e);
            } catch (GatewayTimeoutException unknown) {
                throw new PortalException(StripeError.STRIPE_UNAVAILABLE, unknown.getMessage());
            }
            throw new PortalException(StripeError.STRIPE_REFUSED, refused.declineCode());
        }
    }

    @Override
    public String toString() {
        return "StripeGateway[" + options + "]";
    }

    // ------------------------------------------------------------------------------------------

    private Optional<PaymentIntentCreateParams> params(GatewayCharge c) {
        if (StripeAmounts.refusal(c.amountMinor(), c.currency()) != null) {
            return Optional.empty();
        }
        Optional<StripeCustomer> customer = options.customers().find(c.customerId());
        if (customer.isEmpty()) {
            return Optional.empty();
        }
        PaymentIntentCreateParams.Builder b = PaymentIntentCreateParams.builder()
                .setAmount(StripeAmounts.toStripe(c.amountMinor(), c.currency()))
                .setCurrency(StripeAmounts.stripeCurrency(c.currency()))
                .setCustomer(customer.get().customerId())
                .setPaymentMethod(customer.get().paymentMethodId())
                .setConfirm(true)
                .putMetadata(KEY_METADATA, c.idempotencyKey())
                .putMetadata("portalkit_user", String.valueOf(c.customerId()));
        if (c.description() != null) {
            b.setDescription(c.description());
        }
        if (c.idempotencyKey().startsWith("renewal:")) {
            b.setOffSession(true); // nobody is there to authenticate: Stripe declines with authentication_required
        }
        if (options.returnUrl() != null) {
            b.setReturnUrl(options.returnUrl());
        } else {
            // Confirming without a return_url is only allowed for payment methods that never redirect.
            b.setAutomaticPaymentMethods(PaymentIntentCreateParams.AutomaticPaymentMethods.builder()
                    .setEnabled(true)
                    .setAllowRedirects(PaymentIntentCreateParams.AutomaticPaymentMethods.AllowRedirects.NEVER)
                    .build());
        }
        return Optional.of(b.build());
    }

    private GatewayResult refusedLocally(GatewayCharge c) {
        String why = StripeAmounts.refusal(c.amountMinor(), c.currency());
        return why != null ? GatewayResult.declined("amount_not_supported", why)
                : GatewayResult.declined("no_payment_method", "The host knows no Stripe customer and payment method for user "
                        + c.customerId());
    }

    private static Optional<RefundCreateParams> params(GatewayRefund r) {
        if (r.chargeReference() == null || StripeAmounts.refusal(r.amountMinor(), r.currency()) != null) {
            return Optional.empty();
        }
        RefundCreateParams.Builder b = RefundCreateParams.builder()
                .setPaymentIntent(r.chargeReference())
                .setAmount(StripeAmounts.toStripe(r.amountMinor(), r.currency()))
                .putMetadata(KEY_METADATA, r.idempotencyKey());
        if (r.reason() != null) {
            b.putMetadata("portalkit_reason", r.reason().length() > 500 ? r.reason().substring(0, 500) : r.reason());
        }
        return Optional.of(b.build());
    }

    private static GatewayResult refusedLocally(GatewayRefund r) {
        return r.chargeReference() == null ? GatewayResult.declined("no_such_charge", "The payment has no Stripe reference")
                : GatewayResult.declined("amount_not_supported", StripeAmounts.refusal(r.amountMinor(), r.currency()));
    }

    private static RequestOptions keyed(String idempotencyKey) {
        return RequestOptions.builder().setIdempotencyKey(idempotencyKey).build();
    }

    private boolean replayable(Instant recordedAt) {
        return recordedAt != null && recordedAt.isAfter(options.clock().instant().minus(options.replayWindow()));
    }

    /** The PaymentIntent as it is now (a replayed answer is the first response, as it was then). */
    private PaymentIntent current(PaymentIntent pi) throws StripeException {
        return client.v1().paymentIntents().retrieve(pi.getId());
    }

    private static GatewayResult settledOrUnknown(PaymentIntent pi) {
        GatewayResult r = Outcomes.of(pi);
        if (r == null) {
            throw new GatewayTimeoutException("PaymentIntent " + pi.getId() + " is " + pi.getStatus() + ": not settled yet");
        }
        return r;
    }

    private static GatewayResult settledOrUnknown(Refund refund) {
        GatewayResult r = Outcomes.of(refund);
        if (r == null) {
            throw new GatewayTimeoutException("Refund " + refund.getId() + " is " + refund.getStatus() + ": not settled yet");
        }
        return r;
    }

    /** A value inside a single-quoted search query string: backslashes and quotes escaped. */
    private static String quoted(String s) {
        return s.replace("\\", "\\\\").replace("'", "\\'");
    }

    /** For tests and the README: whether PortalKit can send this amount to Stripe exactly. */
    static boolean representable(long amountMinor, String currency) {
        return StripeAmounts.refusal(amountMinor, currency) == null;
    }

}
