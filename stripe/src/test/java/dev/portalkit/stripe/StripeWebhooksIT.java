package dev.portalkit.stripe;

import static dev.portalkit.stripe.StripeTests.CLIENT;
import static dev.portalkit.stripe.StripeTests.SECRET_KEY;
import static dev.portalkit.stripe.StripeTests.WEBHOOK;
import static dev.portalkit.stripe.StripeTests.WEBHOOK_SECRET;
import static dev.portalkit.stripe.StripeTests.event;
import static dev.portalkit.stripe.StripeTests.key;
import static dev.portalkit.stripe.StripeTests.signature;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import dev.portalkit.billing.ChargeRequest;
import dev.portalkit.billing.Payment;
import dev.portalkit.billing.PaymentService;
import dev.portalkit.billing.PaymentStatus;
import dev.portalkit.billing.Refund;
import dev.portalkit.billing.RefundStatus;
import dev.portalkit.core.Portal;
import dev.portalkit.core.PortalException;
import dev.portalkit.core.ValidationException;
import dev.portalkit.stripe.FakeStripe.Step;
import dev.portalkit.stripe.WebhookResult.Outcome;
import dev.portalkit.testing.CapturedErr;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.Queries;
import dev.portalkit.testing.Race;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Stripe's webhooks: signatures, replays, duplicates and out-of-order events, racing reconcile(). */
class StripeWebhooksIT {

    static final FakeStripe fake = new FakeStripe(SECRET_KEY);
    static final StripeGateway gateway = new StripeGateway(StripeTests.options(fake).build());

    @RegisterExtension
    static final PortalExtension portalKit = StripeTests.portal(gateway, b -> b);

    @AfterAll
    static void stop() {
        fake.close();
    }

    Portal portal() {
        return portalKit.portal();
    }

    PaymentService payments() {
        return portal().service(PaymentService.class);
    }

    StripeWebhooks webhooks() {
        return portal().service(StripeWebhooks.class);
    }

    WebhookResult deliver(String payload) {
        return webhooks().handle(payload, signature(payload, WEBHOOK_SECRET, Instant.now()), WEBHOOK);
    }

    long stored(String eventId) {
        return Queries.number(portal().dataSource(), "SELECT count(*) FROM portal.stripe_webhook_events WHERE event_id = ?",
                eventId);
    }

    long settlements(UUID paymentId) {
        return Queries.number(portal().dataSource(), "SELECT count(*) FROM portal.activity_logs WHERE entity_id = ?"
                + " AND action IN ('payment.settled', 'payment.reconciled', 'payment.succeeded')", paymentId);
    }

    /** A charge Stripe made but whose answer never came: UNKNOWN here, succeeded at Stripe. */
    Payment unknownButSucceededAtStripe(String name) {
        UUID user = StripeTests.user(portal(), name);
        fake.enqueue(Step.HANG_AFTER_ACTING, Step.HANG_AFTER_ACTING, Step.HANG_AFTER_ACTING);
        Payment p = payments().charge(ChargeRequest.of(user, 2000, "USD", name, key()), CLIENT);
        assertThat(p.status()).isEqualTo(PaymentStatus.UNKNOWN);
        return p;
    }

    String lastIntent() {
        List<String> ids = fake.intentIds();
        return ids.get(ids.size() - 1);
    }

    @Test
    void aSignedEventSettlesAnUnknownPaymentOnceAndItsRedeliveryIsAcknowledgedWithoutSettlingAgain() {
        Payment p = unknownButSucceededAtStripe("webhook");
        String eventId = "evt_" + UUID.randomUUID().toString().replace("-", "");
        String payload = event(eventId, "payment_intent.succeeded", fake.intent(lastIntent()));
        WebhookResult first = deliver(payload);
        assertThat(first.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(first.paymentId()).isEqualTo(p.id());
        assertThat(first.status()).isEqualTo("SUCCEEDED");
        Payment settled = payments().find(p.id()).orElseThrow();
        assertThat(settled.status()).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(settled.gatewayReference()).isEqualTo(lastIntent());
        WebhookResult again = deliver(payload);
        assertThat(again.outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(stored(eventId)).isEqualTo(1);
        assertThat(settlements(p.id())).isEqualTo(1);
        assertThat(payments().find(p.id()).orElseThrow()).isEqualTo(settled);
        assertThat(payments().reconcile(50, CLIENT).examined()).isZero();
    }

    @Test
    void threeDSecureIsSettledByTheWebhookAndAnOlderEventArrivingLateChangesNothing() {
        UUID user = StripeTests.user(portal(), "3ds");
        fake.enqueue(Step.REQUIRES_ACTION);
        Payment p = payments().charge(ChargeRequest.of(user, 3000, "EUR", "3DS", key()), CLIENT);
        assertThat(p.status()).isEqualTo(PaymentStatus.REQUIRES_ACTION);
        String pi = p.gatewayReference();
        String early = event("evt_early" + UUID.randomUUID().toString().substring(0, 8), "payment_intent.requires_action",
                fake.intent(pi));
        JsonObject succeeded = fake.move(pi, "succeeded"); // the customer authenticated in the browser
        assertThat(deliver(event("evt_late" + UUID.randomUUID().toString().substring(0, 8), "payment_intent.succeeded",
                succeeded)).status()).isEqualTo("SUCCEEDED");
        // Stripe does not promise order: the requires_action event comes after the success
        WebhookResult late = deliver(early);
        assertThat(late.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(late.status()).isEqualTo("SUCCEEDED");
        assertThat(payments().find(p.id()).orElseThrow().status()).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(settlements(p.id())).isEqualTo(1);
    }

    @Test
    void aFailedAuthenticationSettlesFailedWithStripesCode() {
        UUID user = StripeTests.user(portal(), "3ds-fail");
        fake.enqueue(Step.REQUIRES_ACTION);
        Payment p = payments().charge(ChargeRequest.of(user, 3000, "EUR", "3DS", key()), CLIENT);
        JsonObject failed = fake.move(p.gatewayReference(), "requires_payment_method");
        JsonObject error = new JsonObject();
        error.addProperty("type", "card_error");
        error.addProperty("code", "payment_intent_authentication_failure");
        error.addProperty("message", "The provided PaymentMethod has failed authentication.");
        failed.add("last_payment_error", error);
        deliver(event("evt_" + UUID.randomUUID().toString().substring(0, 12), "payment_intent.payment_failed", failed));
        Payment now = payments().find(p.id()).orElseThrow();
        assertThat(now.status()).isEqualTo(PaymentStatus.FAILED);
        assertThat(now.failureCode()).isEqualTo("payment_intent_authentication_failure");
    }

    @Test
    void aRefundEventSettlesAnUnknownRefundAndItsAmount() {
        UUID user = StripeTests.user(portal(), "refund");
        Payment p = payments().charge(ChargeRequest.of(user, 5000, "USD", "Refundable", key()), CLIENT);
        fake.enqueue(Step.HANG_AFTER_ACTING, Step.HANG_AFTER_ACTING, Step.HANG_AFTER_ACTING);
        Refund r = payments().refund(p.id(), 1200, key(), "late", CLIENT);
        assertThat(r.status()).isEqualTo(RefundStatus.UNKNOWN);
        List<String> refunds = fake.refundIds();
        WebhookResult result = deliver(event("evt_re" + UUID.randomUUID().toString().substring(0, 8), "refund.updated",
                fake.refund(refunds.get(refunds.size() - 1))));
        assertThat(result.refundId()).isEqualTo(r.id());
        assertThat(result.status()).isEqualTo("SUCCEEDED");
        Payment after = payments().find(p.id()).orElseThrow();
        assertThat(after.refundedMinor()).isEqualTo(1200);
        assertThat(after.refundPendingMinor()).isZero();
        assertThat(after.status()).isEqualTo(PaymentStatus.PARTIALLY_REFUNDED);
    }

    @Test
    void wrongStaleFutureAndMissingSignaturesAreRefusedAndNothingIsStored() {
        Payment p = unknownButSucceededAtStripe("forged");
        String eventId = "evt_forged" + UUID.randomUUID().toString().substring(0, 8);
        String payload = event(eventId, "payment_intent.succeeded", fake.intent(lastIntent()));
        String wrongSecret = signature(payload, "whsec_" + "SomeoneElsesSecret", Instant.now());
        String stale = signature(payload, WEBHOOK_SECRET, Instant.now().minus(Duration.ofMinutes(6)));
        String future = signature(payload, WEBHOOK_SECRET, Instant.now().plus(Duration.ofMinutes(6)));
        String tampered = signature(payload, WEBHOOK_SECRET, Instant.now());
        for (String header : List.of(wrongSecret, stale, future, "", "t=1,v0=abc", "garbage", "t=x,v1=00")) {
            assertThatThrownBy(() -> webhooks().handle(payload, header, WEBHOOK))
                    .isInstanceOf(WebhookSignatureException.class)
                    .hasMessageNotContaining(WEBHOOK_SECRET);
        }
        assertThatThrownBy(() -> webhooks().handle(payload.replace("2000", "1"), tampered, WEBHOOK))
                .isInstanceOf(WebhookSignatureException.class);
        // null arguments are refused by core's guard on every service, before anything runs
        assertThatThrownBy(() -> webhooks().handle(payload, null, WEBHOOK)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("signatureHeader");
        assertThat(stored(eventId)).isZero();
        assertThat(payments().find(p.id()).orElseThrow().status()).isEqualTo(PaymentStatus.UNKNOWN);
        // While a secret is rolled, Stripe signs with both: any v1 that matches is enough.
        String rolled = wrongSecret + ",v1=" + tampered.substring(tampered.indexOf("v1=") + 3);
        assertThat(webhooks().handle(payload, rolled, WEBHOOK).outcome()).isEqualTo(Outcome.APPLIED);
    }

    @Test
    void nullAndMalformedArgumentsAreTypedErrorsThatStoreNothing() {
        long before = Queries.number(portal().dataSource(), "SELECT count(*) FROM portal.stripe_webhook_events");
        assertThatThrownBy(() -> webhooks().handle(null, "t=1,v1=00", WEBHOOK)).isInstanceOf(ValidationException.class);
        String notJson = "{not json";
        assertThatThrownBy(() -> deliver(notJson)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> deliver("[]")).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> deliver("{\"id\":\"nope\",\"type\":\"x\"}")).isInstanceOf(ValidationException.class);
        String ok = event("evt_ctx" + UUID.randomUUID().toString().substring(0, 8), "customer.created", new JsonObject());
        assertThatThrownBy(() -> webhooks().handle(ok, signature(ok, WEBHOOK_SECRET, Instant.now()), null))
                .isInstanceOf(ValidationException.class);
        String huge = "x".repeat((1 << 20) + 1);
        assertThatThrownBy(() -> deliver(huge)).isInstanceOf(ValidationException.class);
        assertThat(Queries.number(portal().dataSource(), "SELECT count(*) FROM portal.stripe_webhook_events")).isEqualTo(before);
        // An event about something else is stored once and ignored.
        assertThat(deliver(ok).outcome()).isEqualTo(Outcome.IGNORED);
        assertThat(deliver(ok).outcome()).isEqualTo(Outcome.DUPLICATE);
        // billing's settle: typed errors, nothing changed
        assertThatThrownBy(() -> payments().settle(null, dev.portalkit.billing.GatewayResult.approved("pi_x"), CLIENT))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> payments().settle("k", null, CLIENT)).isInstanceOf(ValidationException.class);
        assertThat(payments().settle("no-such-key", dev.portalkit.billing.GatewayResult.approved("pi_x"), CLIENT)).isEmpty();
    }

    @Test
    void duplicateAndOutOfOrderDeliveriesRacingReconcileSettleThePaymentExactlyOnce() {
        for (int round = 0; round < 3; round++) {
            Payment p = unknownButSucceededAtStripe("race" + round);
            String pi = lastIntent();
            JsonObject succeeded = fake.intent(pi);
            JsonObject processing = succeeded.deepCopy();
            processing.addProperty("status", "processing");
            String a = event("evt_a" + UUID.randomUUID().toString().substring(0, 8), "payment_intent.succeeded", succeeded);
            String b = event("evt_b" + UUID.randomUUID().toString().substring(0, 8), "payment_intent.succeeded", succeeded);
            String old = event("evt_o" + UUID.randomUUID().toString().substring(0, 8), "payment_intent.processing", processing);
            List<Race.Outcome<Object>> outcomes = Race.run(16, i -> () -> switch (i % 4) {
                case 0 -> deliver(a);
                case 1 -> deliver(b);
                case 2 -> deliver(old);
                default -> payments().reconcile(10, CLIENT);
            });
            assertThat(outcomes).allSatisfy(o -> {
                if (o.failed()) {
                    throw new AssertionError("a racer failed", o.error());
                }
            });
            Payment now = payments().find(p.id()).orElseThrow();
            assertThat(now.status()).isEqualTo(PaymentStatus.SUCCEEDED);
            assertThat(settlements(p.id())).as("one settlement, one audit row").isEqualTo(1);
            for (String id : List.of(a, b, old)) {
                String eventId = id.replaceAll(".*\"id\":\"(evt_[^\"]+)\".*", "$1");
                assertThat(stored(eventId)).isEqualTo(1);
            }
            long applied = outcomes.stream().filter(o -> o.value() instanceof WebhookResult w
                    && w.outcome() == Outcome.APPLIED).count();
            long duplicates = outcomes.stream().filter(o -> o.value() instanceof WebhookResult w
                    && w.outcome() == Outcome.DUPLICATE).count();
            assertThat(applied).isEqualTo(2); // a and b, once each (both find it settled or settle it: one of them at most)
            assertThat(duplicates).isEqualTo(12 - 2 - 1); // every other delivery of a, b and the ignored one
        }
    }

    @Test
    void neitherSecretIsEverLoggedStoredOrPutInAnError() {
        try (CapturedErr err = CapturedErr.start()) {
            Payment p = unknownButSucceededAtStripe("secrets");
            fake.enqueue(Step.FAIL_500, Step.FAIL_500, Step.FAIL_500);
            UUID user = StripeTests.user(portal(), "secrets2");
            payments().charge(ChargeRequest.of(user, 100, "USD", "500s", key()), CLIENT);
            fake.enqueue(Step.DECLINE);
            payments().charge(ChargeRequest.of(user, 100, "USD", "declined", key()), CLIENT);
            payments().reconcile(50, CLIENT);
            String payload = event("evt_s" + UUID.randomUUID().toString().substring(0, 8), "payment_intent.succeeded",
                    fake.intent(lastIntent()));
            String messages = "";
            try {
                webhooks().handle(payload, signature(payload, "whsec_" + "wrong", Instant.now()), WEBHOOK);
            } catch (PortalException e) {
                messages += e.getMessage();
            }
            deliver(payload);
            try {
                StripeOptions.builder().secretKey(" " + SECRET_KEY).webhookSecret(WEBHOOK_SECRET + " ").build();
            } catch (PortalException e) {
                messages += e.getMessage();
            }
            messages += gateway + " " + gateway.options() + " " + p;
            org.slf4j.LoggerFactory.getLogger(StripeWebhooksIT.class).warn("options in a log line: {}", gateway.options());
            String everything = err.text() + messages
                    + Queries.everyText(portal().dataSource(), "portal");
            assertThat(everything).contains("options in a log line", "(hidden)")
                    .doesNotContain(SECRET_KEY).doesNotContain(WEBHOOK_SECRET)
                    .doesNotContain(SECRET_KEY.substring(8)).doesNotContain(WEBHOOK_SECRET.substring(6));
        }
    }
}
