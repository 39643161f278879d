package dev.portalkit.billing;

import static dev.portalkit.billing.BillingTests.CLIENT;
import static dev.portalkit.billing.BillingTests.key;
import static dev.portalkit.billing.BillingTests.net;
import static dev.portalkit.billing.BillingTests.oneWinner;
import static dev.portalkit.billing.BillingTests.upgradable;
import static dev.portalkit.testing.Queries.number;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.billing.BillingTests.Upgradable;
import dev.portalkit.core.NotFoundException;
import dev.portalkit.core.Portal;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.Race;
import dev.portalkit.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SubscriptionServiceIT {

    static final Instant JAN_31 = Instant.parse("2026-01-31T10:00:00Z");
    static final InMemoryPaymentGateway gateway = new InMemoryPaymentGateway();
    static final TestClock clock = new TestClock(JAN_31);

    @RegisterExtension
    static final PortalExtension kit = BillingTests.portal(gateway, clock);

    @AfterEach
    void reset() {
        gateway.clearDeclines().latency(Duration.ZERO);
        clock.set(JAN_31);
    }

    private Portal portal() {
        return kit.portal();
    }

    private SubscriptionService subs() {
        return portal().service(SubscriptionService.class);
    }

    private PricingTier tier(long amount, int trialDays) {
        return BillingTests.tier(portal(), amount, trialDays);
    }

    private long paymentsOf(UUID subscriptionId) {
        return number(portal().dataSource(), "SELECT count(*) FROM portal.payments WHERE subscription_id = ?", subscriptionId);
    }

    @Test
    void subscribingWithoutTrialChargesTheFirstPeriodOnceAndRepeatsSafely() {
        UUID ann = BillingTests.user(portal(), "ann");
        PricingTier pro = tier(1500, 0);
        String key = key();
        int calls = gateway.chargeCalls();
        Subscription s = subs().subscribe(NewSubscription.of(ann, pro.id(), key), CLIENT);
        assertThat(s.status()).isEqualTo(SubscriptionStatus.ACTIVE);
        assertThat(s.currentPeriodStart()).isEqualTo(JAN_31);
        assertThat(s.currentPeriodEnd()).isEqualTo(Instant.parse("2026-02-28T10:00:00Z"));
        assertThat(s.amountMinor()).isEqualTo(1500);
        Payment first = portal().service(PaymentService.class).findByIdempotencyKey("subscribe:" + key).orElseThrow();
        assertThat(first.status()).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(s.initialPaymentId()).isEqualTo(first.id());

        assertThat(subs().subscribe(NewSubscription.of(ann, pro.id(), key), CLIENT).id()).isEqualTo(s.id());
        assertThat(gateway.chargeCalls()).isEqualTo(calls + 1);
        assertThatThrownBy(() -> subs().subscribe(NewSubscription.of(ann, pro.id(), key()), CLIENT))
                .isInstanceOf(SubscriptionExistsException.class);
        assertThat(subs().hasAccess(ann)).isTrue();
        assertThat(number(portal().dataSource(), "SELECT count(*) FROM portal.activity_logs WHERE action = 'subscription.created' AND entity_id = ?",
                s.id())).isEqualTo(1);
    }

    @Test
    void concurrentSubscribesWithDifferentKeysLeaveOneSubscriptionAndRefundTheLosers() throws Exception {
        UUID ann = BillingTests.user(portal(), "ann");
        PricingTier pro = tier(1500, 0);
        gateway.latency(java.time.Duration.ofMillis(100));
        List<Race.Outcome<Subscription>> outcomes;
        try {
            outcomes = Race.run(5, () -> subs().subscribe(NewSubscription.of(ann, pro.id(), key()), CLIENT));
        } finally {
            gateway.latency(java.time.Duration.ZERO);
        }
        oneWinner(outcomes, SubscriptionExistsException.class);
        // Whatever was charged beyond the one subscription was given back.
        assertThat(net(portal(), ann)).isEqualTo(1500);
    }

    @Test
    void aDeclinedFirstChargeCreatesNoSubscription() {
        UUID ann = BillingTests.user(portal(), "ann");
        gateway.declineCustomer(ann);
        assertThatThrownBy(() -> subs().subscribe(NewSubscription.of(ann, tier(900, 0).id(), key()), CLIENT))
                .isInstanceOfSatisfying(PaymentDeclinedException.class,
                        e -> assertThat(e.payment().status()).isEqualTo(PaymentStatus.FAILED));
        assertThat(subs().current(ann)).isEmpty();
        assertThat(subs().hasAccess(ann)).isFalse();
    }

    @Test
    void aTrialStartsWithoutChargeAndTheRenewalJobChargesAtItsEnd() {
        UUID ann = BillingTests.user(portal(), "ann");
        PricingTier trial = tier(2500, 14);
        Subscription s = subs().subscribe(NewSubscription.of(ann, trial.id(), key()), CLIENT);
        assertThat(s.status()).isEqualTo(SubscriptionStatus.TRIALING);
        Instant trialEnd = JAN_31.plus(Duration.ofDays(14));
        assertThat(s.trialEnd()).isEqualTo(trialEnd);
        assertThat(subs().hasAccess(ann)).isTrue();
        subs().renewDue(JAN_31.plus(Duration.ofDays(13)), 100);
        assertThat(paymentsOf(s.id())).isZero();

        clock.set(trialEnd.plusSeconds(60));
        subs().renewDue(clock.instant(), 100);
        Subscription after = subs().find(s.id()).orElseThrow();
        assertThat(after.status()).isEqualTo(SubscriptionStatus.ACTIVE);
        assertThat(after.currentPeriodStart()).isEqualTo(trialEnd);
        assertThat(after.currentPeriodEnd()).isEqualTo(trialEnd.atZone(ZoneId.of("UTC")).plusMonths(1).toInstant());
        Payment renewal = portal().service(PaymentService.class)
                .findByIdempotencyKey("renewal:" + s.id() + ":" + trialEnd).orElseThrow();
        assertThat(renewal.amountMinor()).isEqualTo(2500);
        assertThat(renewal.status()).isEqualTo(PaymentStatus.SUCCEEDED);
    }

    @Test
    void aJanuary31AnchorRenewsOnFebruary28ThenMarch31() {
        UUID ann = BillingTests.user(portal(), "ann");
        Subscription s = subs().subscribe(NewSubscription.of(ann, tier(1000, 0).id(), key()), CLIENT);
        assertThat(s.currentPeriodEnd()).isEqualTo(Instant.parse("2026-02-28T10:00:00Z"));
        clock.set(Instant.parse("2026-02-28T10:00:01Z"));
        subs().renewDue(clock.instant(), 100);
        Subscription second = subs().find(s.id()).orElseThrow();
        assertThat(second.currentPeriodStart()).isEqualTo(Instant.parse("2026-02-28T10:00:00Z"));
        assertThat(second.currentPeriodEnd()).isEqualTo(Instant.parse("2026-03-31T10:00:00Z"));
        clock.set(Instant.parse("2026-03-31T10:00:01Z"));
        subs().renewDue(clock.instant(), 100);
        assertThat(subs().find(s.id()).orElseThrow().currentPeriodEnd()).isEqualTo(Instant.parse("2026-04-30T10:00:00Z"));
        assertThat(paymentsOf(s.id())).isEqualTo(2);
    }

    @Test
    void periodsFollowTheBillingZoneAcrossDaylightSavingTime() {
        UUID ann = BillingTests.user(portal(), "ann");
        clock.set(Instant.parse("2026-02-15T14:00:00Z")); // 09:00 in New York (EST)
        Subscription s = subs().subscribe(NewSubscription.of(ann, tier(1000, 0).id(), key())
                .inZone(ZoneId.of("America/New_York")), CLIENT);
        // 09:00 local again on March 15, now EDT: 13:00Z.
        assertThat(s.currentPeriodEnd()).isEqualTo(Instant.parse("2026-03-15T13:00:00Z"));
    }

    @Test
    void cancelAtPeriodEndKeepsAccessUntilTheEndChargesNothingMoreAndEndsThen() {
        UUID ann = BillingTests.user(portal(), "ann");
        Subscription s = subs().subscribe(NewSubscription.of(ann, tier(1000, 0).id(), key()), CLIENT);
        Subscription canceling = subs().cancel(s.id(), true, CLIENT);
        assertThat(canceling.status()).isEqualTo(SubscriptionStatus.ACTIVE);
        assertThat(canceling.cancelAtPeriodEnd()).isTrue();
        assertThat(canceling.canceledAt()).isEqualTo(JAN_31);

        clock.set(s.currentPeriodEnd().minusSeconds(1));
        assertThat(subs().hasAccess(ann)).isTrue();
        clock.set(s.currentPeriodEnd());
        assertThat(subs().hasAccess(ann)).isFalse(); // even before the job runs
        subs().renewDue(clock.instant(), 100);
        Subscription ended = subs().find(s.id()).orElseThrow();
        assertThat(ended.status()).isEqualTo(SubscriptionStatus.CANCELED);
        assertThat(ended.endedAt()).isEqualTo(s.currentPeriodEnd());
        assertThat(paymentsOf(s.id())).isZero();
        assertThat(subs().current(ann)).isEmpty();
        assertThatThrownBy(() -> subs().resume(s.id(), CLIENT)).isInstanceOf(SubscriptionStateException.class);
    }

    @Test
    void resumeWorksBeforeThePeriodEndsAndFailsAfter() {
        UUID ann = BillingTests.user(portal(), "ann");
        Subscription s = subs().subscribe(NewSubscription.of(ann, tier(1000, 0).id(), key()), CLIENT);
        subs().cancel(s.id(), true, CLIENT);
        clock.advance(Duration.ofDays(10));
        Subscription resumed = subs().resume(s.id(), CLIENT);
        assertThat(resumed.cancelAtPeriodEnd()).isFalse();
        assertThat(resumed.canceledAt()).isNull();
        clock.set(s.currentPeriodEnd().plusSeconds(1));
        subs().renewDue(clock.instant(), 100);
        assertThat(subs().find(s.id()).orElseThrow().status()).isEqualTo(SubscriptionStatus.ACTIVE);
        assertThat(paymentsOf(s.id())).isEqualTo(1);

        Subscription again = subs().cancel(s.id(), true, CLIENT);
        clock.set(again.currentPeriodEnd().plusSeconds(1)); // over, even though the job has not run
        assertThatThrownBy(() -> subs().resume(s.id(), CLIENT)).isInstanceOf(SubscriptionStateException.class);
    }

    @Test
    void aDeclinedRenewalGoesPastDueIsRetriedOnScheduleThenUnpaid() {
        UUID ann = BillingTests.user(portal(), "ann");
        Subscription s = subs().subscribe(NewSubscription.of(ann, tier(1000, 0).id(), key()), CLIENT);
        gateway.declineCustomer(ann);
        Instant end = s.currentPeriodEnd();
        clock.set(end.plusSeconds(5));
        subs().renewDue(clock.instant(), 100);
        Subscription pastDue = subs().find(s.id()).orElseThrow();
        assertThat(pastDue.status()).isEqualTo(SubscriptionStatus.PAST_DUE);
        assertThat(pastDue.currentPeriodStart()).isEqualTo(end);
        Instant since = pastDue.pastDueSince();
        assertThat(pastDue.nextChargeAt()).isEqualTo(since.plus(Duration.ofDays(1)));
        assertThat(subs().hasAccess(ann)).isTrue(); // grace period

        // Not due yet: nothing happens.
        subs().renewDue(since.plus(Duration.ofHours(23)), 100);
        assertThat(subs().find(s.id()).orElseThrow().retryCount()).isZero();
        int[] days = {1, 3, 5};
        for (int i = 0; i < days.length; i++) {
            clock.set(since.plus(Duration.ofDays(days[i])));
            subs().renewDue(clock.instant(), 100);
            Subscription r = subs().find(s.id()).orElseThrow();
            assertThat(r.status()).isEqualTo(SubscriptionStatus.PAST_DUE);
            assertThat(r.retryCount()).isEqualTo(i + 1);
        }
        clock.set(since.plus(Duration.ofDays(7)));
        subs().renewDue(clock.instant(), 100);
        Subscription unpaid = subs().find(s.id()).orElseThrow();
        assertThat(unpaid.status()).isEqualTo(SubscriptionStatus.UNPAID);
        assertThat(unpaid.nextChargeAt()).isNull();
        assertThat(subs().hasAccess(ann)).isFalse();
        assertThat(number(portal().dataSource(), "SELECT count(*) FROM portal.payments WHERE subscription_id = ? AND status = 'FAILED'",
                s.id())).isEqualTo(5);
        clock.advance(Duration.ofDays(30));
        subs().renewDue(clock.instant(), 100);
        assertThat(paymentsOf(s.id())).isEqualTo(5);

        gateway.clearDeclines();
        Subscription back = subs().reactivate(s.id(), key(), CLIENT);
        assertThat(back.status()).isEqualTo(SubscriptionStatus.ACTIVE);
        assertThat(back.currentPeriodStart()).isEqualTo(clock.instant());
        assertThat(subs().hasAccess(ann)).isTrue();
    }

    @Test
    void aRenewalWhoseGatewayTimedOutIsSettledByReconcileAndNeverChargedTwice() {
        UUID ann = BillingTests.user(portal(), "ann");
        Subscription s = subs().subscribe(NewSubscription.of(ann, tier(1000, 0).id(), key()), CLIENT);
        Instant end = s.currentPeriodEnd();
        clock.set(end.plusSeconds(1));
        gateway.enqueue(InMemoryPaymentGateway.Outcome.TIMEOUT_AFTER_CHARGING);
        int approved = gateway.approvedCharges();
        RenewalReport report = subs().renewDue(clock.instant(), 100);
        assertThat(report.unknown()).isEqualTo(1); // no answer: claimed, not finished
        assertThat(report.renewed()).isZero();
        Subscription waiting = subs().find(s.id()).orElseThrow();
        assertThat(waiting.status()).isEqualTo(SubscriptionStatus.ACTIVE);
        assertThat(waiting.currentPeriodStart()).isEqualTo(s.currentPeriodStart()); // not advanced on an unknown outcome
        PaymentService payments = portal().service(PaymentService.class);
        String renewalKey = "renewal:" + s.id() + ":" + end;
        assertThat(payments.findByIdempotencyKey(renewalKey).orElseThrow().status()).isEqualTo(PaymentStatus.UNKNOWN);
        assertThat(subs().hasAccess(ann)).isTrue(); // within the grace period

        // Claimed rows wait for their lease; an early second run does not touch it.
        subs().renewDue(clock.instant().plusSeconds(60), 100);
        assertThat(gateway.approvedCharges()).isEqualTo(approved + 1);

        payments.reconcile(100, CLIENT);
        assertThat(payments.findByIdempotencyKey(renewalKey).orElseThrow().status()).isEqualTo(PaymentStatus.SUCCEEDED);
        int calls = gateway.chargeCalls();
        subs().renewDue(clock.instant().plus(Duration.ofMinutes(6)), 100); // the lease (5 minutes) ran out
        Subscription renewed = subs().find(s.id()).orElseThrow();
        assertThat(renewed.status()).isEqualTo(SubscriptionStatus.ACTIVE);
        assertThat(renewed.currentPeriodStart()).isEqualTo(end);
        assertThat(gateway.chargeCalls()).isEqualTo(calls); // replayed from the payment row
        assertThat(gateway.approvedCharges()).isEqualTo(approved + 1);
        assertThat(paymentsOf(s.id())).isEqualTo(1);
    }

    private static void awaitGatewayCall(int before) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (gateway.chargeCalls() == before) {
            assertThat(System.nanoTime()).as("the gateway was called").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    void aRenewalChargedWhileTheUserCancelsNowIsRefunded() throws Exception {
        UUID ann = BillingTests.user(portal(), "ann");
        Subscription s = subs().subscribe(NewSubscription.of(ann, tier(1000, 0).id(), key()), CLIENT);
        clock.set(s.currentPeriodEnd().plusSeconds(1));
        gateway.latency(Duration.ofMillis(600));
        int calls = gateway.chargeCalls();
        java.util.concurrent.CompletableFuture<RenewalReport> renewal =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> subs().renewDue(clock.instant(), 100));
        try {
            awaitGatewayCall(calls); // the worker is waiting on the gateway
            subs().cancel(s.id(), false, CLIENT);
            RenewalReport report = renewal.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(report.unknown()).isEqualTo(1); // the lost compare-and-set counts as unknown
            assertThat(report.renewed()).isZero();
        } finally {
            gateway.latency(Duration.ZERO);
        }
        Payment charged = portal().service(PaymentService.class)
                .findByIdempotencyKey("renewal:" + s.id() + ":" + s.currentPeriodEnd()).orElseThrow();
        assertThat(charged.status()).isEqualTo(PaymentStatus.REFUNDED);
        assertThat(subs().find(s.id()).orElseThrow().status()).isEqualTo(SubscriptionStatus.CANCELED);
    }

    @Test
    void anUpgradeWhoseSubscriptionChangedWhileChargingIsRefundedAndRefused() throws Exception {
        Upgradable u = upgradable(portal(), 1000, 4000);
        Subscription s = u.subscription();
        clock.advance(Duration.ofDays(14));
        String key = key();
        gateway.latency(Duration.ofMillis(600));
        int calls = gateway.chargeCalls();
        java.util.concurrent.CompletableFuture<ChangePreview> upgrade =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> subs().changeTier(s.id(), u.pro().id(), key, CLIENT));
        try {
            awaitGatewayCall(calls);
            subs().cancel(s.id(), true, CLIENT);
            assertThatThrownBy(() -> upgrade.get(30, java.util.concurrent.TimeUnit.SECONDS))
                    .hasCauseInstanceOf(SubscriptionStateException.class);
        } finally {
            gateway.latency(Duration.ZERO);
        }
        Payment charged = portal().service(PaymentService.class)
                .findByIdempotencyKey("change:" + s.id() + ":" + key).orElseThrow();
        assertThat(charged.status()).isEqualTo(PaymentStatus.REFUNDED);
        assertThat(subs().find(s.id()).orElseThrow().tierId()).isEqualTo(u.basic().id());
    }

    @Test
    void pastDueKeepsAccessForTheGracePeriodOnly() {
        UUID ann = BillingTests.user(portal(), "ann");
        Subscription s = subs().subscribe(NewSubscription.of(ann, tier(1000, 0).id(), key()), CLIENT);
        gateway.declineCustomer(ann);
        clock.set(s.currentPeriodEnd().plusSeconds(1));
        subs().renewDue(clock.instant(), 100);
        Subscription pastDue = subs().find(s.id()).orElseThrow();
        assertThat(pastDue.status()).isEqualTo(SubscriptionStatus.PAST_DUE);
        clock.set(pastDue.pastDueSince().plus(Duration.ofDays(7)).minusSeconds(1));
        assertThat(subs().hasAccess(ann)).isTrue();
        clock.set(pastDue.pastDueSince().plus(Duration.ofDays(7)));
        assertThat(subs().hasAccess(ann)).isFalse();
    }

    @Test
    void anUpgradeIsChargedNowProratedAndADowngradeWaitsForThePeriodEnd() {
        Upgradable u = upgradable(portal(), 1000, 3000);
        Subscription s = u.subscription();
        clock.advance(Duration.ofDays(7)); // 21 of 28 days left
        ChangePreview preview = subs().previewChange(s.id(), u.pro().id());
        assertThat(preview.timing()).isEqualTo(ChangePreview.Timing.IMMEDIATE);
        assertThat(preview.items()).extracting(LineItem::amountMinor).containsExactly(-750L, 2250L);
        assertThat(preview.totalMinor()).isEqualTo(1500);
        String key = key();
        ChangePreview done = subs().changeTier(s.id(), u.pro().id(), key, CLIENT);
        assertThat(done.totalMinor()).isEqualTo(1500);
        Subscription upgraded = subs().find(s.id()).orElseThrow();
        assertThat(upgraded.tierId()).isEqualTo(u.pro().id());
        assertThat(upgraded.amountMinor()).isEqualTo(3000);
        assertThat(upgraded.currentPeriodEnd()).isEqualTo(s.currentPeriodEnd());
        Payment charged = portal().service(PaymentService.class)
                .findByIdempotencyKey("change:" + s.id() + ":" + key).orElseThrow();
        assertThat(charged.amountMinor()).isEqualTo(1500);
        int calls = gateway.chargeCalls();
        subs().changeTier(s.id(), u.pro().id(), key, CLIENT); // the same call again: no second charge
        assertThat(gateway.chargeCalls()).isEqualTo(calls);
        assertThat(subs().find(s.id()).orElseThrow().version()).isEqualTo(upgraded.version());

        ChangePreview down = subs().changeTier(s.id(), u.basic().id(), key(), CLIENT);
        assertThat(down.timing()).isEqualTo(ChangePreview.Timing.AT_PERIOD_END);
        assertThat(down.totalMinor()).isZero();
        assertThat(subs().find(s.id()).orElseThrow().amountMinor()).isEqualTo(3000);
        clock.set(s.currentPeriodEnd().plusSeconds(1));
        subs().renewDue(clock.instant(), 100);
        Subscription downgraded = subs().find(s.id()).orElseThrow();
        assertThat(downgraded.tierId()).isEqualTo(u.basic().id());
        assertThat(downgraded.pendingTierId()).isNull();
        Payment renewal = portal().service(PaymentService.class)
                .findByIdempotencyKey("renewal:" + s.id() + ":" + s.currentPeriodEnd()).orElseThrow();
        assertThat(renewal.amountMinor()).isEqualTo(1000);
    }

    @Test
    void aCommittedPreviewChargesExactlyTheQuotedAmountsAndAStaleOneIsRefused() {
        Upgradable u = upgradable(portal(), 999, 2999);
        Subscription s = u.subscription();
        clock.advance(Duration.ofDays(3).plusMinutes(17));
        ChangePreview quote = subs().previewChange(s.id(), u.pro().id());
        clock.advance(Duration.ofMinutes(9)); // the customer reads the quote
        ChangePreview done = subs().changeTier(quote, key(), CLIENT);
        assertThat(done).isEqualTo(quote);
        assertThat(portal().service(PaymentService.class).list(u.user(), dev.portalkit.core.PageRequest.first(1)).items().get(0)
                .amountMinor()).isEqualTo(quote.totalMinor());
        ChangePreview old = subs().previewChange(s.id(), u.basic().id());
        clock.advance(Duration.ofMinutes(61));
        assertThatThrownBy(() -> subs().changeTier(old, key(), CLIENT))
                .isInstanceOfSatisfying(dev.portalkit.core.ValidationException.class, e -> assertThat(e.hasError("quote")).isTrue());

        // A quote taken before a renewal no longer matches the subscription.
        PricingTier max = tier(5999, 0);
        clock.set(s.currentPeriodEnd().minusSeconds(600));
        ChangePreview beforeRenewal = subs().previewChange(s.id(), max.id());
        clock.set(s.currentPeriodEnd().plusSeconds(1));
        subs().renewDue(clock.instant(), 100);
        assertThatThrownBy(() -> subs().changeTier(beforeRenewal, key(), CLIENT))
                .isInstanceOf(SubscriptionStateException.class);
    }

    @Test
    void duringATrialTheTierSwitchesAtOnceWithoutCharge() {
        UUID ann = BillingTests.user(portal(), "ann");
        PricingTier trial = tier(1000, 14);
        PricingTier pro = tier(3000, 0);
        Subscription s = subs().subscribe(NewSubscription.of(ann, trial.id(), key()), CLIENT);
        int calls = gateway.chargeCalls();
        ChangePreview p = subs().changeTier(s.id(), pro.id(), key(), CLIENT);
        assertThat(p.timing()).isEqualTo(ChangePreview.Timing.IN_TRIAL);
        Subscription switched = subs().find(s.id()).orElseThrow();
        assertThat(switched.status()).isEqualTo(SubscriptionStatus.TRIALING);
        assertThat(switched.amountMinor()).isEqualTo(3000);
        assertThat(switched.trialEnd()).isEqualTo(s.trialEnd());
        assertThat(gateway.chargeCalls()).isEqualTo(calls);
    }

    @Test
    void switchingFromMonthlyToYearlyStartsANewYearNowWithACreditForTheUnusedMonth() {
        UUID ann = BillingTests.user(portal(), "ann");
        Subscription s = subs().subscribe(NewSubscription.of(ann, tier(1000, 0).id(), key()), CLIENT);
        PricingTier yearly = portal().service(PricingService.class).create(
                TierInput.yearly("y-" + UUID.randomUUID().toString().substring(0, 8), "Yearly", 13200, "USD"), CLIENT); // 1100 a month: an upgrade
        clock.advance(Duration.ofDays(14)); // half of the 28-day February period is left
        ChangePreview p = subs().changeTier(s.id(), yearly.id(), key(), CLIENT);
        assertThat(p.timing()).isEqualTo(ChangePreview.Timing.IMMEDIATE);
        assertThat(p.items()).extracting(LineItem::amountMinor).containsExactly(-500L, 13200L);
        assertThat(p.totalMinor()).isEqualTo(12700);
        Subscription after = subs().find(s.id()).orElseThrow();
        assertThat(after.billingInterval()).isEqualTo(BillingInterval.YEAR);
        assertThat(after.currentPeriodStart()).isEqualTo(clock.instant());
        assertThat(after.currentPeriodEnd()).isEqualTo(Instant.parse("2027-02-14T10:00:00Z"));
    }

    @Test
    void aYearToAMonthUpgradeWhoseCreditExceedsTheMonthWaitsForThePeriodEndInsteadOfEatingTheCredit() {
        // Found by MoneyPropertyIT: applied now it charged nothing and the unused year (-21000) was lost.
        UUID ann = BillingTests.user(portal(), "ann");
        PricingTier yearly = portal().service(PricingService.class).create(
                TierInput.yearly("y-" + UUID.randomUUID().toString().substring(0, 8), "Yearly", 24000, "USD"), CLIENT);
        PricingTier pro = tier(3000, 0); // 3000 a month > 2000 a month: an upgrade by price
        Subscription s = subs().subscribe(NewSubscription.of(ann, yearly.id(), key()), CLIENT);
        clock.advance(Duration.ofDays(30));
        ChangePreview p = subs().changeTier(s.id(), pro.id(), key(), CLIENT);
        assertThat(p.timing()).isEqualTo(ChangePreview.Timing.AT_PERIOD_END);
        assertThat(p.totalMinor()).isZero();
        Subscription after = subs().find(s.id()).orElseThrow();
        assertThat(after.tierId()).isEqualTo(yearly.id());
        assertThat(after.pendingTierId()).isEqualTo(pro.id());
        clock.set(s.currentPeriodEnd().plusSeconds(1));
        subs().renewDue(clock.instant(), 100);
        Subscription monthly = subs().find(s.id()).orElseThrow();
        assertThat(monthly.tierId()).isEqualTo(pro.id());
        assertThat(monthly.currentPeriodStart()).isEqualTo(s.currentPeriodEnd());
        assertThat(net(portal(), ann)).isEqualTo(24000 + 3000);
    }

    @Test
    void aOneTimeTierIsPaidOnceAndNeverRenewed() {
        UUID ann = BillingTests.user(portal(), "ann");
        PricingTier lifetime = portal().service(PricingService.class).create(new TierInput(
                "life-" + UUID.randomUUID().toString().substring(0, 8), "Lifetime", null, 49900, "USD",
                BillingInterval.ONE_TIME, 1, 0, java.util.Map.of(), 0, java.util.Map.of()), CLIENT);
        Subscription s = subs().subscribe(NewSubscription.of(ann, lifetime.id(), key()), CLIENT);
        assertThat(s.status()).isEqualTo(SubscriptionStatus.ACTIVE);
        assertThat(s.currentPeriodEnd()).isNull();
        assertThat(s.nextChargeAt()).isNull();
        clock.advance(Duration.ofDays(3650));
        subs().renewDue(clock.instant(), 100);
        assertThat(subs().hasAccess(ann)).isTrue();
        assertThat(paymentsOf(s.id())).isZero();
        assertThatThrownBy(() -> subs().cancel(s.id(), true, CLIENT)).isInstanceOf(SubscriptionStateException.class);
    }

    @Test
    void aPriceChangeNeverReachesAnExistingSubscriber() {
        UUID ann = BillingTests.user(portal(), "ann");
        PricingTier t = tier(1000, 0);
        Subscription s = subs().subscribe(NewSubscription.of(ann, t.id(), key()), CLIENT);
        PricingService pricing = portal().service(PricingService.class);
        pricing.update(t.id(), new TierInput(t.code(), t.name(), null, 5000, "USD", BillingInterval.MONTH, 1, 0,
                t.features(), 0, t.metadata()), t.version(), CLIENT);
        clock.set(s.currentPeriodEnd().plusSeconds(1));
        subs().renewDue(clock.instant(), 100);
        assertThat(portal().service(PaymentService.class)
                .findByIdempotencyKey("renewal:" + s.id() + ":" + s.currentPeriodEnd()).orElseThrow().amountMinor())
                .isEqualTo(1000);
    }

    @Test
    void concurrentCancelsOfOneSubscriptionLetExactlyOneWin() throws Exception {
        UUID ann = BillingTests.user(portal(), "ann");
        Subscription s = subs().subscribe(NewSubscription.of(ann, tier(1000, 0).id(), key()), CLIENT);
        oneWinner(Race.run(10, () -> subs().cancel(s.id(), false, CLIENT)), SubscriptionStateException.class);
        assertThat(number(portal().dataSource(), "SELECT count(*) FROM portal.activity_logs WHERE action = 'subscription.canceled' AND entity_id = ?",
                s.id())).isEqualTo(1);
    }

    @Test
    void illegalTransitionsAreTypedErrors() {
        UUID ann = BillingTests.user(portal(), "ann");
        PricingTier t = tier(1000, 0);
        Subscription s = subs().subscribe(NewSubscription.of(ann, t.id(), key()), CLIENT);
        assertThatThrownBy(() -> subs().reactivate(s.id(), key(), CLIENT)).isInstanceOf(SubscriptionStateException.class);
        subs().cancel(s.id(), false, CLIENT);
        assertThatThrownBy(() -> subs().cancel(s.id(), false, CLIENT)).isInstanceOf(SubscriptionStateException.class);
        assertThatThrownBy(() -> subs().cancel(s.id(), true, CLIENT)).isInstanceOf(SubscriptionStateException.class);
        assertThatThrownBy(() -> subs().changeTier(s.id(), tier(2000, 0).id(), key(), CLIENT))
                .isInstanceOf(SubscriptionStateException.class);
        // CANCELED frees the user for a new subscription.
        assertThat(subs().subscribe(NewSubscription.of(ann, t.id(), key()), CLIENT).status()).isEqualTo(SubscriptionStatus.ACTIVE);
        assertThat(subs().history(ann)).hasSize(2);
    }

    @Test
    void unknownTierUnknownUserAndArchivedTierAreTypedErrorsAndWriteNothing() {
        UUID ann = BillingTests.user(portal(), "ann");
        PricingTier t = tier(1000, 0);
        assertThatThrownBy(() -> subs().subscribe(NewSubscription.of(ann, UUID.randomUUID(), key()), CLIENT))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> subs().subscribe(NewSubscription.of(UUID.randomUUID(), t.id(), key()), CLIENT))
                .isInstanceOf(NotFoundException.class);
        portal().service(PricingService.class).archive(t.id(), CLIENT);
        assertThatThrownBy(() -> subs().subscribe(NewSubscription.of(ann, t.id(), key()), CLIENT))
                .isInstanceOf(TierNotAvailableException.class);
        assertThat(number(portal().dataSource(), "SELECT count(*) FROM portal.user_subscriptions WHERE user_id = ? OR tier_id = ?", ann, t.id()))
                .isZero();
        assertThat(number(portal().dataSource(), "SELECT count(*) FROM portal.payments WHERE user_id = ?", ann)).isZero();
    }
}
