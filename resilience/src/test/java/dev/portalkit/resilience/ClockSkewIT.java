package dev.portalkit.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalkit.auth.AuthModule;
import dev.portalkit.auth.AuthOptions;
import dev.portalkit.auth.NewUser;
import dev.portalkit.auth.UserService;
import dev.portalkit.billing.BillingModule;
import dev.portalkit.billing.BillingOptions;
import dev.portalkit.billing.ChargeRequest;
import dev.portalkit.billing.Payment;
import dev.portalkit.billing.PaymentService;
import dev.portalkit.billing.PaymentStatus;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.TransientException;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.TestClock;
import dev.portalkit.testing.TestData;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Portal whose clock is not the database's (a host's {@link TestClock}, or a skewed server) must
 * still recover a payment whose caller died between the gateway call and the settling transaction.
 */
class ClockSkewIT {

    static final TestClock clock = new TestClock(); // 2026-01-01, far from the database's now()
    static final HookedGateway gateway = new HookedGateway();

    @RegisterExtension
    static final PortalExtension kit = PortalExtension.builder()
            .install(new AuthModule(AuthOptions.builder().bcryptCost(4).build()),
                    new BillingModule(BillingOptions.builder().gateway(gateway).build()))
            .clock(clock)
            .build();

    @Test
    void aPaymentLeftProcessingByAKilledCallerIsReconciledAfterStaleAfterByThePortalsClock() throws Exception {
        UUID user = kit.portal().service(UserService.class).register(NewUser.member(
                TestData.email("skew"), "correct horse battery", "Skew"),
                CallContext.system("t")).id();
        PaymentService payments = kit.portal().service(PaymentService.class);
        String key = UUID.randomUUID().toString();
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (Backends backends = new Backends(kit.database().dataSource())) {
            gateway.afterNextCharge(user, backends::blockAuditInserts);
            Future<Payment> f = executor.submit(() ->
                    payments.charge(ChargeRequest.of(user, 990, "USD", "Order", key), CallContext.system("t")));
            backends.terminate(backends.awaitBlocked(f, Duration.ofSeconds(20)).pid());
            try {
                f.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(TransientException.class);
            }
            backends.release();
        } finally {
            executor.shutdownNow();
        }
        assertThat(payments.findByIdempotencyKey(key)).map(Payment::status).contains(PaymentStatus.PROCESSING);

        clock.advance(Duration.ofMinutes(11)); // past staleAfter (10 minutes) by the Portal's clock
        payments.reconcile(50, CallContext.system("reconcile"));

        assertThat(payments.findByIdempotencyKey(key)).map(Payment::status).contains(PaymentStatus.SUCCEEDED);
        assertThat(gateway.chargeCalls(key)).isEqualTo(1);
    }
}
