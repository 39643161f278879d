package dev.portalkit.billing;

import static dev.portalkit.billing.BillingTests.CLIENT;
import static dev.portalkit.billing.BillingTests.key;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portalkit.auth.AuthModule;
import dev.portalkit.auth.AuthOptions;
import dev.portalkit.billing.InMemoryPaymentGateway.Outcome;
import dev.portalkit.core.Portal;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.TestClock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code portalkit.billing.renewals}, {@code portalkit.billing.reconciliations} and
 * {@code portalkit.billing.reminders}, tagged {@code result} with the categories of RenewalReport, ReconcileReport
 * and ReminderRun (README, "Metrics").
 */
class BillingMetersIT {

    static final Instant JAN_1 = Instant.parse("2026-01-01T10:00:00Z");
    static final InMemoryPaymentGateway inMemory = new InMemoryPaymentGateway();
    /** Charges whose key starts with {@code stuck-} cannot be looked up: the gateway keeps timing out. */
    static final PaymentGateway gateway = new ForwardingPaymentGateway(inMemory) {
        @Override
        public Optional<GatewayResult> lookupCharge(String idempotencyKey) {
            if (idempotencyKey.startsWith("stuck-")) {
                throw new GatewayTimeoutException("no answer");
            }
            return super.lookupCharge(idempotencyKey);
        }
    };
    static final TestClock clock = new TestClock(JAN_1);
    static final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @RegisterExtension
    static final PortalExtension kit = PortalExtension.builder()
            .install(new AuthModule(AuthOptions.builder().bcryptCost(4).build()),
                    new BillingModule(BillingOptions.builder().gateway(gateway)
                            .reminderSender((reminder, context) -> { }).build()))
            .clock(clock)
            .configure(b -> b.meterRegistry(registry))
            .build();

    private Portal portal() {
        return kit.portal();
    }

    private static double count(String name, String result) {
        Counter c = registry.find(name).tag("result", result).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void renewalsAndReconciliationsAreCountedByResult() {
        SubscriptionService subs = portal().service(SubscriptionService.class);
        PaymentService payments = portal().service(PaymentService.class);
        PricingTier tier = BillingTests.tier(portal(), 1000, 0);
        // Three subscriptions an hour apart, so that each renewDue below takes exactly one.
        Subscription[] s = new Subscription[3];
        UUID[] users = new UUID[3];
        for (int i = 0; i < 3; i++) {
            clock.set(JAN_1.plus(Duration.ofHours(i)));
            users[i] = BillingTests.user(portal(), "sub" + i);
            s[i] = subs.subscribe(NewSubscription.of(users[i], tier.id(), key()), CLIENT);
        }

        assertThat(subs.renewDue(s[0].currentPeriodEnd().plusSeconds(1), 100).renewed()).isEqualTo(1);
        inMemory.declineCustomer(users[1]);
        assertThat(subs.renewDue(s[1].currentPeriodEnd().plusSeconds(1), 100).declined()).isEqualTo(1);
        inMemory.clearDeclines().enqueue(Outcome.TIMEOUT_AFTER_CHARGING);
        assertThat(subs.renewDue(s[2].currentPeriodEnd().plusSeconds(1), 100).unknown()).isEqualTo(1);

        assertThat(count("portalkit.billing.renewals", "renewed")).isEqualTo(1);
        assertThat(count("portalkit.billing.renewals", "declined")).isEqualTo(1);
        assertThat(count("portalkit.billing.renewals", "unknown")).isEqualTo(1);
        assertThat(registry.find("portalkit.billing.renewals").counters()).hasSize(3);

        // UNKNOWN payments: one the gateway made (succeeds on reconcile, like the renewal above), one it
        // never saw (fails), one it cannot answer for (stays unknown).
        UUID payer = BillingTests.user(portal(), "payer");
        inMemory.enqueue(Outcome.TIMEOUT_AFTER_CHARGING, Outcome.TIMEOUT_BEFORE_CHARGING, Outcome.TIMEOUT_BEFORE_CHARGING);
        payments.charge(ChargeRequest.of(payer, 100, "USD", null, key()), CLIENT);
        payments.charge(ChargeRequest.of(payer, 200, "USD", null, key()), CLIENT);
        payments.charge(ChargeRequest.of(payer, 300, "USD", null, "stuck-" + key()), CLIENT);

        ReconcileReport report = payments.reconcile(100, CLIENT);
        assertThat(report).isEqualTo(new ReconcileReport(4, 2, 1, 1));
        assertThat(count("portalkit.billing.reconciliations", "succeeded")).isEqualTo(2);
        assertThat(count("portalkit.billing.reconciliations", "failed")).isEqualTo(1);
        assertThat(count("portalkit.billing.reconciliations", "still_unknown")).isEqualTo(1);
        assertThat(registry.find("portalkit.billing.reconciliations").counters()).hasSize(3);
    }

    @Test
    void remindersAreCountedByResult() {
        clock.set(JAN_1);
        var bookings = portal().service(dev.portalkit.billing.booking.BookingService.class);
        UUID provider = BillingTests.provider(portal(), a -> a);
        UUID customer = BillingTests.user(portal(), "reminded");
        Instant start = JAN_1.plus(Duration.ofDays(2));
        var sent = bookings.book(dev.portalkit.billing.booking.NewBooking.of(customer, provider, start,
                start.plus(Duration.ofHours(1)), "UTC", "Sent"), CLIENT);
        var late = bookings.book(dev.portalkit.billing.booking.NewBooking.of(customer, provider, start.minusSeconds(7200),
                start.minusSeconds(3600), "UTC", "Started"), CLIENT);
        assertThat(sent.id()).isNotEqualTo(late.id());
        double sentBefore = count("portalkit.billing.reminders", "sent");
        double withdrawnBefore = count("portalkit.billing.reminders", "withdrawn");
        clock.set(start.minusSeconds(3600 + 60)); // "Started" has started: its 2 reminders are withdrawn
        var run = bookings.sendDueReminders(100, CLIENT);
        assertThat(run.sent()).isEqualTo(1);
        assertThat(run.withdrawn()).isEqualTo(2);
        assertThat(count("portalkit.billing.reminders", "sent") - sentBefore).isEqualTo(1);
        assertThat(count("portalkit.billing.reminders", "withdrawn") - withdrawnBefore).isEqualTo(2);
    }
}
