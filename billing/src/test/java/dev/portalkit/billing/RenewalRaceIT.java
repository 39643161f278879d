package dev.portalkit.billing;

import static dev.portalkit.billing.BillingTests.CLIENT;
import static dev.portalkit.testing.Queries.number;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.core.Portal;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.Race;
import dev.portalkit.testing.TestClock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RenewalRaceIT {

    static final Instant START = Instant.parse("2026-05-01T00:00:00Z");
    static final InMemoryPaymentGateway gateway = new InMemoryPaymentGateway();
    static final TestClock clock = new TestClock(START);

    @RegisterExtension
    static final PortalExtension kit = BillingTests.portal(gateway, clock);

    @Test
    void fourWorkersRenewAThousandDueSubscriptionsWithExactlyOneChargeEach() throws Exception {
        Portal portal = kit.portal();
        PricingTier tier = portal.service(PricingService.class)
                .create(TierInput.monthly("race", "Race", 990, "USD").withTrialDays(1), CLIENT);
        SubscriptionService subs = portal.service(SubscriptionService.class);
        // Set up on 4 threads: only the renewals below are the race under test.
        List<Race.Outcome<Integer>> made = Race.run(4, () -> {
            for (int i = 0; i < 250; i++) {
                UUID user = BillingTests.user(portal, "u" + i);
                subs.subscribe(NewSubscription.of(user, tier.id(), UUID.randomUUID().toString()), CLIENT);
            }
            return 250;
        });
        assertThat(made).extracting(Race.Outcome::value).containsOnly(250);
        int callsBefore = gateway.chargeCalls();
        Instant due = START.plus(Duration.ofDays(1)).plusSeconds(1);
        clock.set(due);

        List<Integer> claimed = Race.run(4, () -> {
            int mine = 0;
            while (true) {
                RenewalReport r = subs.renewDue(due, 25);
                if (r.claimed() == 0) {
                    return mine;
                }
                assertThat(r.renewed()).isEqualTo(r.claimed());
                mine += r.claimed();
            }
        }).stream().map(Race.Outcome::value).toList(); // value(): a worker that failed fails the test
        assertThat(claimed.stream().mapToInt(Integer::intValue).sum()).isEqualTo(1000);
        assertThat(claimed).as("every worker got a share").allMatch(n -> n > 0);
        assertThat(gateway.chargeCalls() - callsBefore).isEqualTo(1000);
        assertThat(number(portal.dataSource(), "SELECT count(*) FROM portal.payments WHERE period_start IS NOT NULL")).isEqualTo(1000);
        assertThat(number(portal.dataSource(), "SELECT count(DISTINCT (subscription_id, period_start)) FROM portal.payments WHERE status = 'SUCCEEDED'"))
                .isEqualTo(1000);
        assertThat(number(portal.dataSource(), "SELECT count(*) FROM portal.user_subscriptions WHERE status = 'ACTIVE' AND period_index = 0"))
                .isEqualTo(1000);
        assertThat(subs.renewDue(due, 100).claimed()).isZero();
    }

    @Test
    void theDatabaseRefusesASecondLiveChargeForOneSubscriptionPeriod() throws SQLException {
        Portal portal = kit.portal();
        UUID user = BillingTests.user(portal, "solo");
        PricingTier tier = portal.service(PricingService.class)
                .create(TierInput.monthly("solo", "Solo", 500, "USD").withTrialDays(1), CLIENT);
        Subscription s = portal.service(SubscriptionService.class).subscribe(NewSubscription.of(user, tier.id(), "solo"), CLIENT);
        String insert = "INSERT INTO portal.payments (user_id, subscription_id, period_start, idempotency_key, request_hash,"
                + " amount_minor, currency, status) VALUES (?, ?, ?, ?, repeat('0', 64), 500, 'USD', ?)";
        try (Connection c = portal.dataSource().getConnection()) {
            java.sql.Timestamp period = java.sql.Timestamp.from(s.trialEnd());
            for (String status : List.of("FAILED", "FAILED", "SUCCEEDED")) {
                try (PreparedStatement ps = c.prepareStatement(insert)) {
                    ps.setObject(1, user);
                    ps.setObject(2, s.id());
                    ps.setTimestamp(3, period);
                    ps.setString(4, UUID.randomUUID().toString());
                    ps.setString(5, status);
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement(insert)) {
                ps.setObject(1, user);
                ps.setObject(2, s.id());
                ps.setTimestamp(3, period);
                ps.setString(4, UUID.randomUUID().toString());
                ps.setString(5, "PROCESSING");
                assertThatThrownBy(ps::executeUpdate).isInstanceOfSatisfying(SQLException.class,
                        e -> assertThat(e.getSQLState()).isEqualTo("23505"));
            }
        }
    }
}
