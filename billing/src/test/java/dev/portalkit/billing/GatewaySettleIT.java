package dev.portalkit.billing;

import static dev.portalkit.billing.BillingTests.CLIENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.billing.InMemoryPaymentGateway.Outcome;
import dev.portalkit.core.Portal;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.Queries;
import dev.portalkit.testing.Race;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** PaymentService.settle: a provider's word from outside a call (a webhook), once per transition. */
class GatewaySettleIT {

    static final InMemoryPaymentGateway memory = new InMemoryPaymentGateway();
    static final AtomicBoolean askForAction = new AtomicBoolean();
    /** Answers the next charge "requires action" (3-D Secure), as a provider does for an on-session charge. */
    static final PaymentGateway gateway = new ForwardingPaymentGateway(memory) {
        @Override
        public GatewayResult charge(GatewayCharge charge) {
            if (askForAction.getAndSet(false)) {
                return GatewayResult.requiresAction("pi_" + charge.idempotencyKey(), "authentication_required", "3DS");
            }
            return super.charge(charge);
        }
    };

    @RegisterExtension
    static final PortalExtension portalKit = BillingTests.portal(gateway, null);

    Portal portal() {
        return portalKit.portal();
    }

    PaymentService payments() {
        return portal().service(PaymentService.class);
    }

    long audited(UUID paymentId, String action) {
        return Queries.number(portal().dataSource(), "SELECT count(*) FROM portal.activity_logs WHERE entity_id = ?"
                + " AND action = ?", paymentId, action);
    }

    @Test
    void anUnknownPaymentIsSettledOnceAndASettledOneNeverChanges() {
        UUID user = BillingTests.user(portal(), "settle");
        memory.enqueue(Outcome.TIMEOUT_AFTER_CHARGING);
        Payment p = payments().charge(ChargeRequest.of(user, 1500, "USD", "x", BillingTests.key()), CLIENT);
        assertThat(p.status()).isEqualTo(PaymentStatus.UNKNOWN);
        Payment settled = payments().settle(p.idempotencyKey(), GatewayResult.approved("ch_x"), CLIENT).orElseThrow();
        assertThat(settled.status()).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(settled.gatewayReference()).isEqualTo("ch_x");
        assertThat(payments().settle(p.idempotencyKey(), GatewayResult.declined("card_declined", "late"), CLIENT))
                .contains(settled);
        assertThat(payments().settle(p.idempotencyKey(), GatewayResult.requiresAction("ch_x", "a", "b"), CLIENT))
                .contains(settled);
        assertThat(audited(p.id(), "payment.settled")).isEqualTo(1);
        assertThat(payments().reconcile(10, CLIENT).examined()).isZero();
    }

    @Test
    void settlesRacingEachOtherAndReconcileMakeOneTransition() {
        for (int round = 0; round < 3; round++) {
            UUID user = BillingTests.user(portal(), "race" + round);
            memory.enqueue(Outcome.TIMEOUT_AFTER_CHARGING);
            Payment p = payments().charge(ChargeRequest.of(user, 1500, "USD", "x", BillingTests.key()), CLIENT);
            String ref = memory.lookupCharge(p.idempotencyKey()).orElseThrow().reference();
            List<Race.Outcome<Object>> outcomes = Race.run(16, i -> () -> i % 2 == 0
                    ? payments().settle(p.idempotencyKey(), GatewayResult.approved(ref), CLIENT)
                    : payments().reconcile(10, CLIENT));
            assertThat(outcomes).noneMatch(Race.Outcome::failed);
            assertThat(payments().find(p.id()).orElseThrow().status()).isEqualTo(PaymentStatus.SUCCEEDED);
            assertThat(audited(p.id(), "payment.settled") + audited(p.id(), "payment.reconciled")).isEqualTo(1);
        }
    }

    @Test
    void aSubscriptionWhoseChargeNeedsTheCustomerWaitsAndIsFinishedOnceTheProviderSettledIt() {
        UUID user = BillingTests.user(portal(), "3ds");
        PricingTier tier = portal().service(PricingService.class)
                .create(TierInput.monthly("t-" + UUID.randomUUID().toString().substring(0, 8), "T", 900, "USD"), CLIENT);
        SubscriptionService subs = portal().service(SubscriptionService.class);
        String key = BillingTests.key();
        askForAction.set(true);
        assertThatThrownBy(() -> subs.subscribe(NewSubscription.of(user, tier.id(), key), CLIENT))
                .isInstanceOfSatisfying(PaymentActionRequiredException.class, e -> {
                    assertThat(e.payment().status()).isEqualTo(PaymentStatus.REQUIRES_ACTION);
                    assertThat(e.code()).isEqualTo(BillingError.PAYMENT_ACTION_REQUIRED);
                });
        assertThat(subs.current(user)).isEmpty();
        payments().reconcile(10, CLIENT); // nothing to finish: the customer has not acted
        assertThat(subs.current(user)).isEmpty();
        Payment waiting = payments().findByIdempotencyKey("subscribe:" + key).orElseThrow();
        assertThat(payments().settle(waiting.idempotencyKey(), GatewayResult.approved(waiting.gatewayReference()), CLIENT)
                .orElseThrow().status()).isEqualTo(PaymentStatus.SUCCEEDED);
        Subscription s = subs.subscribe(NewSubscription.of(user, tier.id(), key), CLIENT);
        assertThat(s.status()).isEqualTo(SubscriptionStatus.ACTIVE);
        assertThat(subs.subscribe(NewSubscription.of(user, tier.id(), key), CLIENT)).isEqualTo(s);
    }
}
