package dev.portalkit.billing;

import static dev.portalkit.billing.BillingTests.CLIENT;
import static dev.portalkit.billing.BillingTests.key;
import static dev.portalkit.billing.BillingTests.oneResultOrInProgress;
import static dev.portalkit.billing.BillingTests.upgradable;
import static dev.portalkit.testing.Queries.number;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.billing.BillingTests.Upgradable;
import dev.portalkit.billing.InMemoryPaymentGateway.Outcome;
import dev.portalkit.core.ConflictException;
import dev.portalkit.core.Portal;
import dev.portalkit.core.PortalException;
import dev.portalkit.core.TransientException;
import dev.portalkit.core.ValidationException;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.Race;
import dev.portalkit.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A reused idempotency key returns what its first call returned, changing nothing, or is refused with a
 * typed conflict; it never applies a change without its money, alone or in a burst of threads.
 */
class IdempotencyKeysIT {

    static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
    static final InMemoryPaymentGateway gateway = new InMemoryPaymentGateway();
    static final HoldingGateway holding = new HoldingGateway(gateway);
    static final TestClock clock = new TestClock(START);

    @RegisterExtension
    static final PortalExtension kit = BillingTests.portal(holding, clock);

    /** A new member for each test: most tests are about her. */
    private UUID ann;

    @BeforeEach
    void newMember() {
        ann = user("ann");
    }

    @AfterEach
    void reset() {
        holding.release();
        gateway.clearDeclines().latency(Duration.ZERO);
        clock.set(START);
    }

    private static Portal portal() {
        return kit.portal();
    }

    private static SubscriptionService subs() {
        return portal().service(SubscriptionService.class);
    }

    private static PaymentService payments() {
        return portal().service(PaymentService.class);
    }

    private static UUID user(String name) {
        return BillingTests.user(portal(), name);
    }

    private static Subscription subscribe(UUID user, PricingTier tier, String key) {
        return subs().subscribe(NewSubscription.of(user, tier.id(), key), CLIENT);
    }

    private static PricingTier tier(long amount, int trialDays) {
        return BillingTests.tier(portal(), amount, trialDays);
    }

    private static long net(UUID user) {
        return BillingTests.net(portal(), user);
    }

    /** Ann on Basic (1000) with Pro (3000) beside it, {@code days} into her period: an upgrade now charges the rest. */
    private static Upgradable upgradeDue(int days) {
        Upgradable u = upgradable(portal(), 1000, 3000);
        clock.advance(Duration.ofDays(days));
        return u;
    }

    private static long rows(String table) {
        return number(portal().dataSource(), "SELECT count(*) FROM portal." + table);
    }

    @Test
    void theSameUpgradeKeyAfterADowngradeAndARenewalReturnsTheFirstResultAndChangesNothing() {
        // The case of issue #14: the second changeTier(s, pro, "K") moved the subscription to Pro for free.
        Upgradable u = upgradeDue(7);
        Subscription s = u.subscription();
        String k = key();
        ChangePreview upgrade = subs().changeTier(s.id(), u.pro().id(), k, CLIENT);
        assertThat(upgrade.totalMinor()).isPositive();
        subs().changeTier(s.id(), u.basic().id(), key(), CLIENT); // downgrade at the period end
        clock.set(s.currentPeriodEnd().plusSeconds(1));
        subs().renewDue(clock.instant(), 100);
        Subscription renewed = subs().find(s.id()).orElseThrow();
        assertThat(renewed.tierId()).as("renewed on the downgraded tier").isEqualTo(u.basic().id());
        long money = net(u.user());
        int calls = gateway.chargeCalls();

        clock.advance(Duration.ofDays(5));
        ChangePreview again = subs().changeTier(s.id(), u.pro().id(), k, CLIENT);

        assertThat(again).as("the first call's result").isEqualTo(upgrade);
        Subscription after = subs().find(s.id()).orElseThrow();
        assertThat(after).as("nothing changed").isEqualTo(renewed);
        assertThat(net(u.user())).as("no money moved").isEqualTo(money);
        assertThat(gateway.chargeCalls()).as("the gateway was not called").isEqualTo(calls);
    }

    @Test
    void aRepeatedSubscribeReturnsExactlyItsFirstResultEvenAfterTheSubscriptionMovedOn() {
        PricingTier basic = tier(1200, 0);
        String k = key();
        Subscription first = subscribe(ann, basic, k);
        clock.set(first.currentPeriodEnd().plusSeconds(1));
        subs().renewDue(clock.instant(), 100);
        long money = net(ann);
        Subscription again = subscribe(ann, basic, k);
        assertThat(again).as("what the first call returned").isEqualTo(first);
        assertThat(net(ann)).isEqualTo(money);
        assertThat(subs().find(first.id()).orElseThrow().periodIndex()).isEqualTo(1);
    }

    @Test
    void aRepeatedTrialSubscribeReturnsTheTrialInsteadOfAConflict() {
        PricingTier trial = tier(2500, 14);
        String k = key();
        Subscription first = subscribe(ann, trial, k);
        assertThat(subscribe(ann, trial, k)).isEqualTo(first);
        assertThatThrownBy(() -> subscribe(ann, trial, key()))
                .isInstanceOf(SubscriptionExistsException.class);
    }

    @Test
    void aKeyIsBoundToItsOperationAndArgumentsAcrossEveryKeyedCall() {
        UUID bob = user("bob");
        PricingTier basic = tier(1000, 0);
        PricingTier pro = tier(3000, 0);
        PricingTier max = tier(5000, 0);
        String chargeKey = key();
        Payment order = payments().charge(ChargeRequest.of(ann, 4500, "USD", "Order 1", chargeKey), CLIENT);
        String subscribeKey = key();
        Subscription s = subscribe(ann, basic, subscribeKey);
        String changeKey = key();
        subs().changeTier(s.id(), pro.id(), changeKey, CLIENT);
        String refundKey = key();
        payments().refund(order.id(), 500, refundKey, "goodwill", CLIENT);

        long payments = rows("payments");
        long refunds = rows("payment_refunds");
        long keys = rows("idempotency_keys");
        Subscription before = subs().find(s.id()).orElseThrow();
        List<Supplier<Object>> reuses = List.of(
                () -> subscribe(bob, basic, chargeKey),
                () -> subscribe(ann, pro, subscribeKey),
                () -> subs().changeTier(s.id(), max.id(), changeKey, CLIENT),
                () -> subs().changeTier(s.id(), max.id(), subscribeKey, CLIENT),
                () -> subs().reactivate(s.id(), refundKey, CLIENT),
                () -> payments().charge(ChargeRequest.of(ann, 4500, "USD", "Order 1", subscribeKey), CLIENT),
                () -> payments().charge(ChargeRequest.of(ann, 4501, "USD", "Order 1", chargeKey), CLIENT),
                () -> payments().charge(ChargeRequest.of(ann, 500, "USD", null, refundKey), CLIENT),
                () -> payments().refund(order.id(), 500, chargeKey, "goodwill", CLIENT),
                () -> payments().refund(order.id(), 501, refundKey, "goodwill", CLIENT));
        for (int i = 0; i < reuses.size(); i++) {
            int n = i;
            assertThatThrownBy(() -> reuses.get(n).get()).as("reuse %d", n)
                    .isInstanceOf(IdempotencyKeyReusedException.class);
        }
        assertThat(rows("payments")).as("no payment written").isEqualTo(payments);
        assertThat(rows("payment_refunds")).isEqualTo(refunds);
        assertThat(rows("idempotency_keys")).isEqualTo(keys);
        assertThat(subs().find(s.id()).orElseThrow()).isEqualTo(before);
        assertThat(subs().current(bob)).isEmpty();
    }

    @Test
    void keysStartingWithPortalKitsOwnPrefixesAreRefused() {
        PricingTier basic = tier(1000, 0);
        Subscription s = subscribe(ann, basic, key());
        String renewalKey = "renewal:" + s.id() + ":" + s.currentPeriodEnd();
        assertThatThrownBy(() -> payments().charge(ChargeRequest.of(ann, 1000, "USD", "Subscription renewal", renewalKey), CLIENT))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("idempotencyKey")).isTrue());
        for (String prefix : List.of("subscribe:", "change:", "reactivate:", "compensation:")) {
            assertThatThrownBy(() -> subs().reactivate(s.id(), prefix + "x", CLIENT)).as(prefix)
                    .isInstanceOf(ValidationException.class);
        }
        assertThat(payments().findByIdempotencyKey(renewalKey)).isEmpty();
    }

    @Test
    void aDeclinedSubscribeStaysDeclinedForItsKeyWithoutAnotherGatewayCall() {
        PricingTier basic = tier(1000, 0);
        String k = key();
        gateway.declineCustomer(ann);
        assertThatThrownBy(() -> subscribe(ann, basic, k))
                .isInstanceOf(PaymentDeclinedException.class);
        gateway.clearDeclines();
        int calls = gateway.chargeCalls();
        assertThatThrownBy(() -> subscribe(ann, basic, k))
                .as("the key's outcome is the decline").isInstanceOf(PaymentDeclinedException.class);
        assertThat(gateway.chargeCalls()).isEqualTo(calls);
        assertThat(subs().current(ann)).isEmpty();
        assertThat(subscribe(ann, basic, key()).status())
                .isEqualTo(SubscriptionStatus.ACTIVE);
    }

    @Test
    void aSubscribeWithoutAnswerIsFinishedByReconcileAnchoredWhenItWasPaidAndRepeatsReturnIt() {
        PricingTier basic = tier(1000, 0);
        String k = key();
        gateway.enqueue(Outcome.TIMEOUT_AFTER_CHARGING);
        assertThatThrownBy(() -> subscribe(ann, basic, k))
                .isInstanceOf(PaymentOutcomeUnknownException.class)
                .isInstanceOf(TransientException.class); // a host's retry loop catches it
        assertThat(subs().current(ann)).as("nothing without a known payment").isEmpty();
        clock.advance(Duration.ofMinutes(3));
        payments().reconcile(100, CLIENT);
        Subscription made = subs().current(ann).orElseThrow();
        assertThat(made.currentPeriodStart()).as("the instant the plan was paid for").isEqualTo(START);
        assertThat(made.initialPaymentId()).isEqualTo(payments().findByIdempotencyKey("subscribe:" + k).orElseThrow().id());
        int calls = gateway.chargeCalls();
        assertThat(subscribe(ann, basic, k)).isEqualTo(made);
        assertThat(gateway.chargeCalls()).isEqualTo(calls);
        assertThat(net(ann)).isEqualTo(1000);
    }

    @Test
    void anUpgradeWithoutAnswerWhoseSubscriptionMovedOnIsRefundedAndItsKeyRefused() {
        Upgradable u = upgradeDue(10);
        Subscription s = u.subscription();
        String k = key();
        gateway.enqueue(Outcome.TIMEOUT_AFTER_CHARGING);
        assertThatThrownBy(() -> subs().changeTier(s.id(), u.pro().id(), k, CLIENT))
                .isInstanceOf(PaymentOutcomeUnknownException.class);
        Subscription canceled = subs().cancel(s.id(), false, CLIENT);

        // Calling again finds the charge captured but the subscription moved on: the charge goes back.
        assertThatThrownBy(() -> subs().changeTier(s.id(), u.pro().id(), k, CLIENT))
                .isInstanceOf(PaymentOutcomeUnknownException.class); // not settled yet
        payments().reconcile(100, CLIENT);
        Payment upgrade = payments().findByIdempotencyKey("change:" + s.id() + ":" + k).orElseThrow();
        assertThat(upgrade.status()).isEqualTo(PaymentStatus.REFUNDED);
        assertThatThrownBy(() -> subs().changeTier(s.id(), u.pro().id(), k, CLIENT))
                .isInstanceOfSatisfying(ConflictException.class,
                        e -> assertThat(e.code()).isEqualTo(BillingError.PAYMENT_REFUNDED));
        assertThat(subs().find(s.id()).orElseThrow()).isEqualTo(canceled);
        assertThat(net(u.user())).as("only the first period").isEqualTo(1000);
        assertThat(number(portal().dataSource(), "SELECT count(*) FROM portal.idempotency_keys WHERE idempotency_key = ? AND status = 'FAILED'",
                k)).isEqualTo(1);
    }

    @Test
    void aBurstOfSubscribesWithOneKeyMakesOneSubscriptionAndOneCharge() throws Exception {
        PricingTier basic = tier(1500, 0);
        String k = key();
        int calls = gateway.chargeCalls();
        gateway.latency(Duration.ofMillis(200));
        List<Race.Outcome<Subscription>> outcomes = Race.run(12, () -> subscribe(ann, basic, k));
        gateway.latency(Duration.ZERO);
        oneResultOrInProgress(outcomes);
        assertThat(gateway.chargeCalls() - calls).as("gateway calls").isEqualTo(1);
        assertThat(subs().history(ann)).hasSize(1);
        assertThat(net(ann)).isEqualTo(1500);
        assertThat(subscribe(ann, basic, k).id())
                .isEqualTo(subs().current(ann).orElseThrow().id());
    }

    /**
     * Copies of one call without gateway latency: one that looked for the key just before the first
     * claimed it, and planned just after the first finished, must replay it, never be refused with
     * PK-3010 as if it were another request.
     */
    @Test
    void copiesArrivingAsTheFirstFinishesReplayItAndAreNeverRefused() throws Exception {
        PricingTier paid = tier(1500, 0);
        PricingTier trial = tier(900, 14);
        for (int round = 0; round < 30; round++) {
            UUID member = user("copy" + round);
            PricingTier t = round % 2 == 0 ? paid : trial;
            String k = key();
            Subscription made = oneResultOrInProgress(Race.run(8, () -> subscribe(member, t, k)));
            assertThat(subs().history(member)).hasSize(1);
            subs().cancel(made.id(), false, CLIENT); // not due for the renewal races of other tests
        }
    }

    @Test
    void aBurstOfUpgradesWithOneKeyChargesOnceAndChangesOnce() throws Exception {
        Upgradable u = upgradeDue(7);
        Subscription s = u.subscription();
        String k = key();
        int calls = gateway.chargeCalls();
        gateway.latency(Duration.ofMillis(200));
        List<Race.Outcome<ChangePreview>> outcomes = Race.run(12, () -> subs().changeTier(s.id(), u.pro().id(), k, CLIENT));
        gateway.latency(Duration.ZERO);
        ChangePreview result = oneResultOrInProgress(outcomes);
        assertThat(gateway.chargeCalls() - calls).as("gateway calls").isEqualTo(1);
        Subscription after = subs().find(s.id()).orElseThrow();
        assertThat(after.tierId()).isEqualTo(u.pro().id());
        assertThat(after.version()).as("one change").isEqualTo(s.version() + 1);
        assertThat(net(u.user())).isEqualTo(1000 + result.totalMinor());
    }

    @Test
    void aBurstOfReactivationsWithOneKeyChargesOnce() throws Exception {
        Subscription s = subscribe(ann, tier(1000, 0), key());
        gateway.declineCustomer(ann);
        clock.set(s.currentPeriodEnd().plusSeconds(1));
        subs().renewDue(clock.instant(), 100);
        assertThat(subs().find(s.id()).orElseThrow().status()).isEqualTo(SubscriptionStatus.PAST_DUE);
        gateway.clearDeclines();
        String k = key();
        gateway.latency(Duration.ofMillis(200));
        List<Race.Outcome<Subscription>> outcomes = Race.run(12, () -> subs().reactivate(s.id(), k, CLIENT));
        gateway.latency(Duration.ZERO);
        Subscription active = oneResultOrInProgress(outcomes);
        assertThat(active.status()).isEqualTo(SubscriptionStatus.ACTIVE);
        assertThat(net(ann)).as("first period and the reactivation").isEqualTo(2000);
        assertThat(subs().find(s.id()).orElseThrow().version()).isEqualTo(active.version());
    }

    @Test
    void aBurstOfRefundsWithOneKeyRefundsOnce() throws Exception {
        Payment p = payments().charge(ChargeRequest.of(ann, 10_000, "USD", "Order", key()), CLIENT);
        String k = key();
        gateway.latency(Duration.ofMillis(200));
        List<Race.Outcome<Refund>> outcomes = Race.run(12, () -> payments().refund(p.id(), 2500, k, "damaged", CLIENT));
        gateway.latency(Duration.ZERO);
        oneResultOrInProgress(outcomes);
        Payment after = payments().find(p.id()).orElseThrow();
        assertThat(after.refundedMinor()).isEqualTo(2500);
        assertThat(gateway.refunded(after.gatewayReference())).isEqualTo(2500);
        assertThat(payments().refunds(p.id())).hasSize(1);
    }

    @Test
    void anUpgradeChargedWhileARenewalIsAppliedLosesAndIsRefunded() throws Exception {
        raceRenewalAndRestartingUpgrade(true);
    }

    @Test
    void aRenewalChargedWhileARestartingUpgradeIsAppliedIsGivenBack() throws Exception {
        raceRenewalAndRestartingUpgrade(false);
    }

    /**
     * A due monthly subscription, renewed by the job while the customer switches to a yearly tier (a new
     * period now). One of the two waits at the gateway while the other is applied: the waiting one's charge
     * is given back, and no key is left half-done.
     */
    private void raceRenewalAndRestartingUpgrade(boolean renewalWins) throws Exception {
        PricingTier monthly = tier(1000, 0);
        PricingTier yearly = portal().service(PricingService.class)
                .create(TierInput.yearly("y-" + UUID.randomUUID().toString().substring(0, 8), "Yearly", 20_000, "USD"), CLIENT);
        Subscription s = subscribe(ann, monthly, key());
        clock.set(s.currentPeriodEnd().plusSeconds(30)); // due, and upgraded at once
        Supplier<Object> renew = () -> subs().renewDue(clock.instant(), 10);
        Supplier<Object> upgrade = () -> subs().changeTier(s.id(), yearly.id(), key(), CLIENT);
        holding.hold(renewalWins ? "change:" : "renewal:");
        CompletableFuture<Object> loser = CompletableFuture.supplyAsync(() -> outcome(renewalWins ? upgrade : renew));
        Object winner;
        Object lost;
        try {
            holding.awaitHeld(); // planned (or claimed) on the row as it was, now waiting on the gateway
            winner = outcome(renewalWins ? renew : upgrade);
        } finally {
            holding.release();
        }
        lost = loser.get(30, TimeUnit.SECONDS);
        Subscription after = subs().find(s.id()).orElseThrow();
        assertThat(after.tierId()).as("winner %s, loser %s", winner, lost).isEqualTo(renewalWins ? monthly.id() : yearly.id());
        if (renewalWins) {
            assertThat(lost).isInstanceOf(SubscriptionStateException.class);
        } else {
            assertThat(lost).isEqualTo(new RenewalReport(1, 0, 0, 0, 0, 1));
        }
        assertThat(net(ann)).as("first period + %s, subscription %s", renewalWins ? "renewal" : "year", after)
                .isEqualTo(1000 + (renewalWins ? 1000 : 20_000));
        assertEveryCaptureAppliedOrGivenBack(ann);
    }

    /** Each charge that took the user's money is applied (its key DONE) or was given back in full (its key FAILED). */
    static void assertEveryCaptureAppliedOrGivenBack(UUID user) {
        assertThat(number(portal().dataSource(), """
                SELECT count(*) FROM portal.payments p
                 WHERE p.user_id = ? AND p.status IN ('SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED')
                   AND NOT EXISTS (SELECT 1 FROM portal.idempotency_keys k WHERE k.payment_id = p.id AND k.status = 'DONE')
                   AND NOT (p.status = 'REFUNDED' AND EXISTS (SELECT 1 FROM portal.idempotency_keys k
                                                               WHERE k.payment_id = p.id AND k.status = 'FAILED'))""",
                user)).as("captured payments neither applied nor given back").isZero();
        assertThat(number(portal().dataSource(), "SELECT count(*) FROM portal.idempotency_keys WHERE status = 'STARTED' AND plan ->> 'userId' = ?",
                user.toString())).as("keys left STARTED").isZero();
    }

    private static Object outcome(Supplier<Object> call) {
        try {
            return call.get();
        } catch (PortalException e) {
            return e;
        }
    }
}
