package dev.portalkit.billing;

import static dev.portalkit.billing.BillingTests.CLIENT;
import static dev.portalkit.billing.BillingTests.key;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A host's own retry schedule, no grace period, and CANCELED once the retries are exhausted. */
class SubscriptionRetryOptionsIT {

    static final InMemoryPaymentGateway gateway = new InMemoryPaymentGateway();
    static final TestClock clock = new TestClock(Instant.parse("2026-06-01T08:00:00Z"));

    @RegisterExtension
    static final PortalExtension kit = BillingTests.portal(gateway, clock, o -> o
            .retrySchedule(Duration.ofHours(1), Duration.ofHours(6))
            .gracePeriod(Duration.ZERO)
            .afterRetries(SubscriptionStatus.CANCELED));

    @Test
    void exhaustedRetriesCancelWhenConfiguredAndNoGraceMeansNoAccess() {
        SubscriptionService subs = kit.portal().service(SubscriptionService.class);
        UUID ann = BillingTests.user(kit.portal(), "ann");
        PricingTier tier = kit.portal().service(PricingService.class)
                .create(TierInput.monthly("monthly", "Monthly", 800, "GBP"), CLIENT);
        Subscription s = subs.subscribe(NewSubscription.of(ann, tier.id(), key()), CLIENT);
        gateway.declineCustomer(ann);
        clock.set(s.currentPeriodEnd());
        RenewalReport first = subs.renewDue(clock.instant(), 10);
        assertThat(first.declined()).isEqualTo(1);
        assertThat(subs.hasAccess(ann)).isFalse();
        Instant since = subs.find(s.id()).orElseThrow().pastDueSince();
        clock.set(since.plus(Duration.ofHours(1)));
        assertThat(subs.renewDue(clock.instant(), 10).declined()).isEqualTo(1);
        clock.set(since.plus(Duration.ofHours(6)));
        assertThat(subs.renewDue(clock.instant(), 10).unpaid()).isEqualTo(1);
        Subscription ended = subs.find(s.id()).orElseThrow();
        assertThat(ended.status()).isEqualTo(SubscriptionStatus.CANCELED);
        assertThat(ended.endedAt()).isEqualTo(clock.instant());
        assertThat(subs.current(ann)).isEmpty();
    }
}
