package dev.portalkit.stripe.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.net.ApiResource;
import dev.portalkit.billing.GatewayResult;
import dev.portalkit.billing.Payment;
import dev.portalkit.billing.PaymentService;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.ValidationException;
import dev.portalkit.stripe.StripeGateway;
import dev.portalkit.stripe.StripeWebhooks;
import dev.portalkit.stripe.WebhookResult;
import dev.portalkit.stripe.WebhookResult.Outcome;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Not API: create through the Portal. One delivery is one transaction: the event's id stored (or found stored:
 * then nothing more), the payment or refund settled through billing's {@link PaymentService#settle} (which locks
 * the row, so a concurrent reconcile() or delivery never settles it twice), the event's outcome and its audit
 * row. A failure rolls all of it back, so Stripe's next delivery of the event is processed in full.
 */
final class DefaultStripeWebhooks implements StripeWebhooks {

    private static final int MAX_PAYLOAD = 1 << 20;

    private final StripeContext stripe;
    private final PaymentService payments;

    DefaultStripeWebhooks(StripeContext stripe, PaymentService payments) {
        this.stripe = stripe;
        this.payments = payments;
    }

    /** One parsed event: what it is about and what it says (result {@code null}: it settles nothing). */
    private record Event(String id, String type, boolean livemode, Instant created, String objectId, boolean refund,
                         String key, GatewayResult result) {
    }

    @Override
    public WebhookResult handle(String payload, String signatureHeader, CallContext context) {
        if (payload == null || payload.length() > MAX_PAYLOAD) {
            throw new ValidationException("payload", "must be the raw request body, at most 1 MiB");
        }
        if (context == null) {
            throw new ValidationException("context", "is required (CallContext.system(\"stripe-webhook\"))");
        }
        Signatures.verify(payload, signatureHeader, stripe.options.webhookSecret(), stripe.options.webhookTolerance(),
                stripe.now());
        Event e = parse(payload);
        return stripe.tx.call(() -> {
            UUID rowId = UUID.randomUUID();
            if (stripe.events().insertIfAbsent(rowId, e.id(), e.type(), e.livemode(), e.objectId(), e.created(),
                    stripe.now()) == 0) {
                return new WebhookResult(e.id(), e.type(), Outcome.DUPLICATE, null, null, null);
            }
            WebhookResult result = apply(e, context);
            stripe.events().record(rowId, result.outcome().name(), result.paymentId(), result.refundId());
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("eventId", e.id());
            after.put("type", e.type());
            after.put("outcome", result.outcome().name());
            stripe.audit("stripe.webhook_event", "stripe_webhook_event", rowId, null, after,
                    result.paymentId() == null ? null : Map.of("paymentId", result.paymentId().toString()), context);
            return result;
        });
    }

    private WebhookResult apply(Event e, CallContext context) {
        if (e.key() == null || e.result() == null) {
            return new WebhookResult(e.id(), e.type(), Outcome.IGNORED, null, null, null);
        }
        if (e.refund()) {
            Optional<dev.portalkit.billing.Refund> r = payments.settleRefund(e.key(), e.result(), context);
            return r.map(x -> new WebhookResult(e.id(), e.type(), Outcome.APPLIED, x.paymentId(), x.id(), x.status().name()))
                    .orElseGet(() -> new WebhookResult(e.id(), e.type(), Outcome.IGNORED, null, null, null));
        }
        Optional<Payment> p = payments.settle(e.key(), e.result(), context);
        return p.map(x -> new WebhookResult(e.id(), e.type(), Outcome.APPLIED, x.id(), null, x.status().name()))
                .orElseGet(() -> new WebhookResult(e.id(), e.type(), Outcome.IGNORED, null, null, null));
    }

    /** The event's envelope and its object, read with stripe-java's own JSON mapping (whatever the API version). */
    private static Event parse(String payload) {
        try {
            JsonObject root = JsonParser.parseString(payload).getAsJsonObject();
            String id = text(root, "id");
            String type = text(root, "type");
            if (id == null || !id.startsWith("evt_") || id.length() > 255 || type == null || type.length() > 255) {
                throw new ValidationException("payload", "is not a Stripe event (no evt_ id or no type)");
            }
            boolean livemode = root.has("livemode") && root.get("livemode").isJsonPrimitive()
                    && root.get("livemode").getAsBoolean();
            Instant created = root.has("created") && root.get("created").isJsonPrimitive()
                    ? Instant.ofEpochSecond(root.get("created").getAsLong()) : null;
            JsonObject data = root.has("data") && root.get("data").isJsonObject() ? root.getAsJsonObject("data") : null;
            JsonObject object = data != null && data.has("object") && data.get("object").isJsonObject()
                    ? data.getAsJsonObject("object") : null;
            String kind = object == null ? null : text(object, "object");
            String objectId = object == null ? null : text(object, "id");
            if (objectId != null && objectId.length() > 255) {
                objectId = null;
            }
            if ("payment_intent".equals(kind)) {
                PaymentIntent pi = ApiResource.GSON.fromJson(object, PaymentIntent.class);
                return new Event(id, type, livemode, created, objectId, false, key(pi.getMetadata()), Outcomes.of(pi));
            }
            if ("refund".equals(kind)) {
                Refund r = ApiResource.GSON.fromJson(object, Refund.class);
                return new Event(id, type, livemode, created, objectId, true, key(r.getMetadata()), Outcomes.of(r));
            }
            return new Event(id, type, livemode, created, objectId, false, null, null);
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException | NumberFormatException
                 | ArithmeticException | java.time.DateTimeException bad) {
            throw new ValidationException("payload", "is not a Stripe event (not the JSON of one)");
        }
    }

    private static String key(Map<String, String> metadata) {
        String key = metadata == null ? null : metadata.get(StripeGateway.KEY_METADATA);
        return key == null || key.isEmpty() || key.length() > 200 ? null : key;
    }

    private static String text(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
    }
}
