package dev.portalkit.stripe;

import static dev.portalkit.stripe.StripeTests.CLIENT;
import static dev.portalkit.stripe.StripeTests.SECRET_KEY;
import static dev.portalkit.stripe.StripeTests.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.billing.ChargeRequest;
import dev.portalkit.billing.Payment;
import dev.portalkit.billing.PaymentService;
import dev.portalkit.billing.PaymentStatus;
import dev.portalkit.billing.ReconcileReport;
import dev.portalkit.billing.Refund;
import dev.portalkit.billing.RefundStatus;
import dev.portalkit.core.Portal;
import dev.portalkit.core.ValidationException;
import dev.portalkit.stripe.FakeStripe.Step;
import dev.portalkit.testing.PortalExtension;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Charges and refunds through stripe-java against a local server speaking Stripe's wire format. */
class StripeGatewayIT {

    static final FakeStripe fake = new FakeStripe(SECRET_KEY);
    static final StripeGateway gateway = new StripeGateway(StripeTests.options(fake).build());

    @RegisterExtension
    static final PortalExtension portalKit = StripeTests.portal(gateway,
            b -> b.staleAfter(Duration.ofMinutes(10)));

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

    @Test
    void aChargeIsOnePaymentIntentCreatedAndConfirmedUnderPortalKitsIdempotencyKey() {
        UUID user = StripeTests.user(portal(), "ok");
        String key = key();
        int before = fake.posts().size();
        Payment p = payments().charge(ChargeRequest.of(user, 4500, "EUR", "Order 1042", key), CLIENT);
        assertThat(p.status()).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(p.gatewayReference()).startsWith("pi_");
        FakeStripe.Request sent = fake.posts().get(before);
        assertThat(sent.path()).isEqualTo("/v1/payment_intents");
        assertThat(sent.idempotencyKey()).isEqualTo(key);
        assertThat(sent.authorization()).isEqualTo("Bearer " + SECRET_KEY);
        assertThat(sent.form()).containsEntry("amount", "4500").containsEntry("currency", "eur")
                .containsEntry("confirm", "true").containsEntry("metadata[portalkit_key]", key)
                .containsEntry("payment_method", "pm_card_visa").containsEntry("description", "Order 1042")
                .containsEntry("automatic_payment_methods[allow_redirects]", "never")
                .doesNotContainKey("off_session");
        // The same key again: billing answers from its record, Stripe is not called again.
        assertThat(payments().charge(ChargeRequest.of(user, 4500, "EUR", "Order 1042", key), CLIENT)).isEqualTo(p);
        assertThat(fake.posts()).hasSize(before + 1);
    }

    @Test
    void aDeclineIsFailedWithStripesDeclineCodeKept() {
        UUID user = StripeTests.user(portal(), "declined");
        fake.declineWith("insufficient_funds").enqueue(Step.DECLINE);
        Payment p = payments().charge(ChargeRequest.of(user, 1200, "USD", "Declined", key()), CLIENT);
        assertThat(p.status()).isEqualTo(PaymentStatus.FAILED);
        assertThat(p.failureCode()).isEqualTo("insufficient_funds");
        assertThat(p.failureMessage()).isEqualTo("Your card was declined.");
        assertThat(p.gatewayReference()).startsWith("pi_"); // the declined PaymentIntent, from the error's body
    }

    @Test
    void a500IsRetriedByStripeJavaWithTheSameIdempotencyKeyAndChargesOnce() {
        UUID user = StripeTests.user(portal(), "retry");
        String key = key();
        int before = fake.posts().size();
        int intents = fake.intentCount();
        fake.enqueue(Step.FAIL_500);
        Payment p = payments().charge(ChargeRequest.of(user, 900, "USD", "Retried", key), CLIENT);
        assertThat(p.status()).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(fake.posts().subList(before, fake.posts().size())).hasSize(2)
                .allSatisfy(r -> assertThat(r.idempotencyKey()).isEqualTo(key));
        assertThat(fake.intentCount()).isEqualTo(intents + 1);
    }

    @Test
    void aTimeoutLeavesThePaymentUnknownNeverFailedAndReconcileSettlesItFromStripesRecord() {
        UUID user = StripeTests.user(portal(), "timeout");
        String key = key();
        int intents = fake.intentCount();
        // Stripe acts on the first attempt, then every attempt (stripe-java retries twice) outlasts the read timeout.
        fake.enqueue(Step.HANG_AFTER_ACTING, Step.HANG_AFTER_ACTING, Step.HANG_AFTER_ACTING);
        Payment p = payments().charge(ChargeRequest.of(user, 2500, "USD", "Slow", key), CLIENT);
        assertThat(p.status()).isEqualTo(PaymentStatus.UNKNOWN);
        assertThat(p.failureCode()).isEqualTo("gateway_no_answer");
        assertThat(fake.intentCount()).isEqualTo(intents + 1); // it did go through
        ReconcileReport report = payments().reconcile(50, CLIENT);
        assertThat(report.succeeded()).isGreaterThanOrEqualTo(1);
        Payment settled = payments().find(p.id()).orElseThrow();
        assertThat(settled.status()).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(settled.gatewayReference()).isEqualTo(fake.intentIds().get(intents));
        assertThat(fake.intentCount()).isEqualTo(intents + 1); // the replay was answered from Stripe's record
    }

    @Test
    void aRateLimitIsNoAnswerAndReconcileSendsTheChargeOnceUnderItsKey() {
        UUID user = StripeTests.user(portal(), "limited");
        int intents = fake.intentCount();
        fake.enqueue(Step.RATE_LIMIT);
        Payment p = payments().charge(ChargeRequest.of(user, 700, "USD", "429", key()), CLIENT);
        assertThat(p.status()).isEqualTo(PaymentStatus.UNKNOWN);
        assertThat(fake.intentCount()).isEqualTo(intents);
        payments().reconcile(50, CLIENT);
        assertThat(payments().find(p.id()).orElseThrow().status()).isEqualTo(PaymentStatus.SUCCEEDED);
        payments().reconcile(50, CLIENT);
        assertThat(fake.intentCount()).isEqualTo(intents + 1);
    }

    @Test
    void aPaymentIntentStillProcessingIsUnknownUntilStripeSettlesIt() {
        UUID user = StripeTests.user(portal(), "processing");
        fake.enqueue(Step.PROCESSING);
        Payment p = payments().charge(ChargeRequest.of(user, 800, "USD", "SEPA", key()), CLIENT);
        assertThat(p.status()).isEqualTo(PaymentStatus.UNKNOWN);
        payments().reconcile(50, CLIENT);
        assertThat(payments().find(p.id()).orElseThrow().status()).isEqualTo(PaymentStatus.UNKNOWN);
        fake.move(fake.intentIds().get(fake.intentCount() - 1), "succeeded");
        payments().reconcile(50, CLIENT);
        assertThat(payments().find(p.id()).orElseThrow().status()).isEqualTo(PaymentStatus.SUCCEEDED);
    }

    @Test
    void requiresActionLeavesThePaymentWaitingWithWhatTheBrowserNeedsReadLive() {
        UUID user = StripeTests.user(portal(), "3ds");
        fake.enqueue(Step.REQUIRES_ACTION);
        Payment p = payments().charge(ChargeRequest.of(user, 3000, "EUR", "3DS", key()), CLIENT);
        assertThat(p.status()).isEqualTo(PaymentStatus.REQUIRES_ACTION);
        assertThat(p.failureCode()).isEqualTo("authentication_required");
        NextAction next = gateway.nextAction(p.gatewayReference());
        assertThat(next.type()).isEqualTo("redirect_to_url");
        assertThat(next.redirectUrl()).contains(p.gatewayReference());
        assertThat(next.clientSecret()).startsWith(p.gatewayReference() + "_secret_");
        assertThat(next.toString()).doesNotContain(next.clientSecret());
        // reconcile() leaves it to the customer and the webhook
        payments().reconcile(50, CLIENT);
        assertThat(payments().find(p.id()).orElseThrow().status()).isEqualTo(PaymentStatus.REQUIRES_ACTION);
        assertThatThrownBy(() -> gateway.nextAction(null)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> gateway.nextAction("ch_1")).isInstanceOf(ValidationException.class);
    }

    @Test
    void amountsFollowStripesZeroDecimalCurrenciesAndWhatStripeCannotTakeIsRefusedUnsent() {
        UUID user = StripeTests.user(portal(), "currencies");
        int before = fake.posts().size();
        assertThat(payments().charge(ChargeRequest.of(user, 500, "JPY", "Yen", key()), CLIENT).status())
                .isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(fake.posts().get(before).form()).containsEntry("amount", "500").containsEntry("currency", "jpy");
        // MGA has 2 minor digits in ISO 4217 but is zero-decimal at Stripe: 12300 minor units are 123 ariary.
        assertThat(payments().charge(ChargeRequest.of(user, 12300, "MGA", "Ariary", key()), CLIENT).status())
                .isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(fake.posts().get(before + 1).form()).containsEntry("amount", "123");
        Payment fraction = payments().charge(ChargeRequest.of(user, 12345, "MGA", "Ariary cents", key()), CLIENT);
        assertThat(fraction.status()).isEqualTo(PaymentStatus.FAILED);
        assertThat(fraction.failureCode()).isEqualTo("amount_not_supported");
        Payment fils = payments().charge(ChargeRequest.of(user, 1005, "KWD", "Fils", key()), CLIENT);
        assertThat(fils.failureCode()).isEqualTo("amount_not_supported");
        assertThat(fake.posts()).hasSize(before + 2); // neither refusal was sent
    }

    @Test
    void refundsAreSentUnderTheirKeyAndAnUnansweredOneIsReconciled() {
        UUID user = StripeTests.user(portal(), "refund");
        Payment p = payments().charge(ChargeRequest.of(user, 5000, "USD", "Refundable", key()), CLIENT);
        String key = key();
        Refund r = payments().refund(p.id(), 1000, key, "goodwill", CLIENT);
        assertThat(r.status()).isEqualTo(RefundStatus.SUCCEEDED);
        FakeStripe.Request sent = fake.posts().get(fake.posts().size() - 1);
        assertThat(sent.path()).isEqualTo("/v1/refunds");
        assertThat(sent.idempotencyKey()).isEqualTo(key);
        assertThat(sent.form()).containsEntry("payment_intent", p.gatewayReference()).containsEntry("amount", "1000");
        fake.enqueue(Step.HANG_AFTER_ACTING, Step.HANG_AFTER_ACTING, Step.HANG_AFTER_ACTING);
        Refund slow = payments().refund(p.id(), 500, key(), null, CLIENT);
        assertThat(slow.status()).isEqualTo(RefundStatus.UNKNOWN);
        payments().reconcile(50, CLIENT);
        assertThat(payments().refunds(p.id())).filteredOn(x -> x.id().equals(slow.id()))
                .singleElement().extracting(Refund::status).isEqualTo(RefundStatus.SUCCEEDED);
        assertThat(payments().find(p.id()).orElseThrow().refundedMinor()).isEqualTo(1500);
    }

    @Test
    void aRefusedApiKeyIsADefiniteRefusalThatNamesNoKey() {
        String wrong = "sk_" + "test_" + "NotTheSuiteKey";
        StripeGateway other = new StripeGateway(StripeTests.options(fake).secretKey(wrong).build());
        var result = other.charge(new dev.portalkit.billing.GatewayCharge(key(), UUID.randomUUID(), 100, "USD", null));
        assertThat(result.approved()).isFalse();
        assertThat(result.declineCode()).isEqualTo("api_key_invalid");
        assertThat(result.message()).doesNotContain(wrong);
        assertThat(other.toString()).doesNotContain(wrong);
    }

    @Test
    void pastTheReplayWindowALookupSearchesByKeyAndAKeyStripeNeverSawIsNotThere() {
        UUID user = StripeTests.user(portal(), "search");
        Payment p = payments().charge(ChargeRequest.of(user, 1100, "USD", "Old", key()), CLIENT);
        Refund r = payments().refund(p.id(), 100, key(), null, CLIENT);
        int posts = fake.posts().size();
        java.time.Instant longAgo = java.time.Instant.now().minus(Duration.ofHours(25));
        var charge = new dev.portalkit.billing.GatewayCharge(p.idempotencyKey(), user, 1100, "USD", "Old");
        assertThat(gateway.lookupCharge(charge, longAgo)).hasValueSatisfying(g -> {
            assertThat(g.approved()).isTrue();
            assertThat(g.reference()).isEqualTo(p.gatewayReference());
        });
        var never = new dev.portalkit.billing.GatewayCharge("never-sent-" + key(), user, 1100, "USD", "Old");
        assertThat(gateway.lookupCharge(never, longAgo)).isEmpty();
        var refund = new dev.portalkit.billing.GatewayRefund(r.idempotencyKey(), p.gatewayReference(), 100, "USD", null);
        assertThat(gateway.lookupRefund(refund, longAgo)).hasValueSatisfying(g -> assertThat(g.reference())
                .isEqualTo(r.gatewayReference()));
        var noRefund = new dev.portalkit.billing.GatewayRefund("never-" + key(), p.gatewayReference(), 100, "USD", null);
        assertThat(gateway.lookupRefund(noRefund, longAgo)).isEmpty();
        assertThat(fake.posts()).hasSize(posts); // searched and listed: nothing sent again
        // a key with quotes and backslashes is escaped in the search query
        var odd = new dev.portalkit.billing.GatewayCharge("it's \\ odd", user, 1100, "USD", "Old");
        assertThat(gateway.lookupCharge(odd, longAgo)).isEmpty();
    }
}
