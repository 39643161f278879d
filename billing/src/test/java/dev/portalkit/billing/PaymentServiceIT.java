package dev.portalkit.billing;

import static dev.portalkit.billing.BillingTests.CLIENT;
import static dev.portalkit.billing.BillingTests.key;
import static dev.portalkit.billing.BillingTests.oneResultOrInProgress;
import static dev.portalkit.billing.BillingTests.oneWinner;
import static dev.portalkit.testing.Queries.number;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.billing.InMemoryPaymentGateway.Outcome;
import dev.portalkit.core.NotFoundException;
import dev.portalkit.core.Page;
import dev.portalkit.core.PageRequest;
import dev.portalkit.core.Portal;
import dev.portalkit.core.PortalException;
import dev.portalkit.core.ValidationException;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.Race;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PaymentServiceIT {

    static final InMemoryPaymentGateway gateway = new InMemoryPaymentGateway();

    @RegisterExtension
    static final PortalExtension kit = BillingTests.portal(gateway, null);

    @AfterEach
    void resetGateway() {
        gateway.latency(Duration.ZERO).clearDeclines();
    }

    private Portal portal() {
        return kit.portal();
    }

    private PaymentService payments() {
        return portal().service(PaymentService.class);
    }

    @Test
    void twentyConcurrentChargesWithOneKeyCallTheGatewayOnceAndWriteOneRow() throws Exception {
        UUID ann = BillingTests.user(portal(), "ann");
        String key = key();
        int callsBefore = gateway.chargeCalls();
        gateway.latency(Duration.ofMillis(300)); // keep the first call in flight while the others arrive
        List<Race.Outcome<Payment>> outcomes = Race.run(20, () ->
                payments().charge(ChargeRequest.of(ann, 1999, "USD", "Pro plan", key), CLIENT));
        gateway.latency(Duration.ZERO);

        assertThat(gateway.chargeCalls() - callsBefore).isEqualTo(1);
        assertThat(number(portal().dataSource(), "SELECT count(*) FROM portal.payments WHERE idempotency_key = ?", key)).isEqualTo(1);
        Payment first = oneResultOrInProgress(outcomes);
        assertThat(first.status()).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(outcomes).hasSize(20);
        // Everyone asking afterwards sees the first result, without another gateway call.
        Payment again = payments().charge(ChargeRequest.of(ann, 1999, "USD", "Pro plan", key), CLIENT);
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(gateway.chargeCalls() - callsBefore).isEqualTo(1);
        assertThat(number(portal().dataSource(), "SELECT count(*) FROM portal.activity_logs WHERE action = 'payment.succeeded' AND entity_id = ?",
                again.id())).isEqualTo(1);
    }

    @Test
    void sameKeyWithAnotherAmountIsAConflict() {
        UUID ann = BillingTests.user(portal(), "ann");
        String key = key();
        payments().charge(ChargeRequest.of(ann, 1999, "USD", "Pro plan", key), CLIENT);
        int calls = gateway.chargeCalls();
        assertThatThrownBy(() -> payments().charge(ChargeRequest.of(ann, 2999, "USD", "Pro plan", key), CLIENT))
                .isInstanceOf(IdempotencyKeyReusedException.class);
        assertThatThrownBy(() -> payments().charge(ChargeRequest.of(ann, 1999, "EUR", "Pro plan", key), CLIENT))
                .isInstanceOf(IdempotencyKeyReusedException.class);
        assertThat(gateway.chargeCalls()).isEqualTo(calls);
    }

    @Test
    void gatewayTimeoutAfterChargingLeavesThePaymentUnknownUntilReconcileSettlesIt() {
        UUID ann = BillingTests.user(portal(), "ann");
        String key = key();
        gateway.enqueue(Outcome.TIMEOUT_AFTER_CHARGING);
        Payment p = payments().charge(ChargeRequest.of(ann, 5000, "EUR", "Annual", key), CLIENT);
        assertThat(p.status()).isEqualTo(PaymentStatus.UNKNOWN);
        int approved = gateway.approvedCharges();
        int calls = gateway.chargeCalls();

        Payment retried = payments().charge(ChargeRequest.of(ann, 5000, "EUR", "Annual", key), CLIENT);
        assertThat(retried.id()).isEqualTo(p.id());
        assertThat(retried.status()).isEqualTo(PaymentStatus.UNKNOWN);
        assertThat(gateway.chargeCalls()).isEqualTo(calls);
        assertThatThrownBy(() -> payments().refund(p.id(), 100, key(), null, CLIENT))
                .isInstanceOf(PaymentNotRefundableException.class);

        ReconcileReport report = payments().reconcile(100, CLIENT);
        assertThat(report.succeeded()).isGreaterThanOrEqualTo(1);
        Payment settled = payments().find(p.id()).orElseThrow();
        assertThat(settled.status()).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(settled.gatewayReference()).startsWith("ch_");
        assertThat(gateway.approvedCharges()).isEqualTo(approved);
        assertThat(payments().charge(ChargeRequest.of(ann, 5000, "EUR", "Annual", key), CLIENT).status())
                .isEqualTo(PaymentStatus.SUCCEEDED);
    }

    @Test
    void gatewayTimeoutBeforeChargingIsReconciledAsFailedNeverCharged() {
        UUID ann = BillingTests.user(portal(), "ann");
        gateway.enqueue(Outcome.TIMEOUT_BEFORE_CHARGING);
        Payment p = payments().charge(ChargeRequest.of(ann, 700, "USD", null, key()), CLIENT);
        assertThat(p.status()).isEqualTo(PaymentStatus.UNKNOWN);
        payments().reconcile(100, CLIENT);
        Payment settled = payments().find(p.id()).orElseThrow();
        assertThat(settled.status()).isEqualTo(PaymentStatus.FAILED);
        assertThat(settled.failureCode()).isEqualTo("not_at_gateway");
    }

    @Test
    void aDeclinedChargeIsFailedAndItsKeyReturnsTheSameResult() {
        UUID ann = BillingTests.user(portal(), "ann");
        String key = key();
        gateway.enqueue(Outcome.DECLINE);
        Payment p = payments().charge(ChargeRequest.of(ann, 700, "USD", null, key), CLIENT);
        assertThat(p.status()).isEqualTo(PaymentStatus.FAILED);
        assertThat(p.failureCode()).isEqualTo("card_declined");
        int calls = gateway.chargeCalls();
        assertThat(payments().charge(ChargeRequest.of(ann, 700, "USD", null, key), CLIENT)).isEqualTo(p);
        assertThat(gateway.chargeCalls()).isEqualTo(calls);
    }

    @Test
    void twoConcurrentRefundsOfSixThousandFromTenThousandCapturedExactlyOneSucceeds() throws Exception {
        UUID ann = BillingTests.user(portal(), "ann");
        Payment p = payments().charge(ChargeRequest.of(ann, 10000, "USD", "Order 1", key()), CLIENT);
        gateway.latency(Duration.ofMillis(100));
        List<Race.Outcome<Refund>> outcomes = Race.run(2, () -> payments().refund(p.id(), 6000, key(), "changed mind", CLIENT));
        gateway.latency(Duration.ZERO);
        assertThat(oneWinner(outcomes, RefundExceedsCapturedException.class).status()).isEqualTo(RefundStatus.SUCCEEDED);
        Payment after = payments().find(p.id()).orElseThrow();
        assertThat(after.status()).isEqualTo(PaymentStatus.PARTIALLY_REFUNDED);
        assertThat(after.refundedMinor()).isEqualTo(6000);
        assertThat(after.refundPendingMinor()).isZero();
        assertThat(gateway.refunded(after.gatewayReference())).isEqualTo(6000);

        String last = key();
        Refund rest = payments().refund(p.id(), 4000, last, null, CLIENT);
        assertThat(rest.status()).isEqualTo(RefundStatus.SUCCEEDED);
        assertThat(payments().refund(p.id(), 4000, last, null, CLIENT)).isEqualTo(rest); // same key, same result
        assertThat(payments().find(p.id()).orElseThrow().status()).isEqualTo(PaymentStatus.REFUNDED);
        assertThatThrownBy(() -> payments().refund(p.id(), 1, key(), null, CLIENT))
                .isInstanceOf(RefundExceedsCapturedException.class);
        assertThat(payments().refunds(p.id())).hasSize(2);
    }

    @Test
    void aRefundWithoutAnswerStaysReservedUntilReconcileSettlesIt() {
        UUID ann = BillingTests.user(portal(), "ann");
        Payment p = payments().charge(ChargeRequest.of(ann, 10000, "USD", "Order 2", key()), CLIENT);
        gateway.enqueue(Outcome.TIMEOUT_AFTER_CHARGING);
        Refund r = payments().refund(p.id(), 3000, key(), null, CLIENT);
        assertThat(r.status()).isEqualTo(RefundStatus.UNKNOWN);
        Payment reserved = payments().find(p.id()).orElseThrow();
        assertThat(reserved.refundPendingMinor()).isEqualTo(3000);
        assertThat(reserved.refundableMinor()).isEqualTo(7000);
        assertThatThrownBy(() -> payments().refund(p.id(), 7001, key(), null, CLIENT))
                .isInstanceOf(RefundExceedsCapturedException.class);
        payments().reconcile(100, CLIENT);
        Payment settled = payments().find(p.id()).orElseThrow();
        assertThat(settled.refundedMinor()).isEqualTo(3000);
        assertThat(settled.refundPendingMinor()).isZero();
        assertThat(settled.status()).isEqualTo(PaymentStatus.PARTIALLY_REFUNDED);
        assertThat(payments().refunds(p.id())).extracting(Refund::status).containsExactly(RefundStatus.SUCCEEDED);
    }

    @Test
    void aPaymentLeftProcessingByACrashIsSettledByReconcileOnceStale() throws Exception {
        UUID ann = BillingTests.user(portal(), "ann");
        String key = key();
        // The process died after the gateway charged and before the result was written.
        gateway.charge(new GatewayCharge(key, ann, 4200, "USD", "crash"));
        try (java.sql.Connection c = portal().dataSource().getConnection();
             java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO portal.payments (user_id, idempotency_key,"
                     + " request_hash, amount_minor, currency, created_at) VALUES (?, ?, repeat('0', 64), 4200, 'USD', now() - interval '1 hour')")) {
            ps.setObject(1, ann);
            ps.setString(2, key);
            ps.executeUpdate();
        }
        assertThatThrownBy(() -> payments().charge(ChargeRequest.of(ann, 4200, "USD", "crash", key), CLIENT))
                .isInstanceOf(IdempotencyKeyReusedException.class); // our hand-written hash differs
        payments().reconcile(100, CLIENT);
        Payment settled = payments().findByIdempotencyKey(key).orElseThrow();
        assertThat(settled.status()).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(settled.gatewayReference()).startsWith("ch_");
    }

    @Test
    void badInputIsATypedErrorAndWritesNothing() {
        UUID ann = BillingTests.user(portal(), "ann");
        String key = key();
        assertThatThrownBy(() -> payments().charge(ChargeRequest.of(ann, -5, "USD", null, key), CLIENT))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("amountMinor")).isTrue());
        assertThatThrownBy(() -> payments().charge(ChargeRequest.of(ann, 0, "USD", null, key), CLIENT))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("amountMinor")).isTrue());
        assertThatThrownBy(() -> payments().charge(ChargeRequest.of(ann, 100, "ZZZ", null, key), CLIENT))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("currency")).isTrue());
        assertThatThrownBy(() -> payments().charge(ChargeRequest.of(ann, 100, "usd", null, key), CLIENT))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("currency")).isTrue());
        assertThatThrownBy(() -> payments().charge(ChargeRequest.of(ann, 100, "XXX", null, key), CLIENT))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("currency")).isTrue());
        assertThatThrownBy(() -> payments().charge(ChargeRequest.of(ann, 100, "USD", null, ""), CLIENT))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("idempotencyKey")).isTrue());
        assertThatThrownBy(() -> payments().charge(ChargeRequest.of(UUID.randomUUID(), 100, "USD", null, key), CLIENT))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> payments().refund(UUID.randomUUID(), 100, key(), null, CLIENT))
                .isInstanceOf(NotFoundException.class);
        assertThat(number(portal().dataSource(), "SELECT count(*) FROM portal.payments WHERE idempotency_key = ? OR user_id = ?", key, ann))
                .isZero();
    }

    @Test
    void chargingAnUnknownOrDeletedUserIsNotFoundWithItsIdAndNeitherWritesNorCallsTheGateway() {
        UUID ann = BillingTests.user(portal(), "ann");
        UUID gone = BillingTests.user(portal(), "gone");
        String paid = key();
        Payment first = payments().charge(ChargeRequest.of(gone, 700, "USD", null, paid), CLIENT);
        portal().service(dev.portalkit.auth.UserService.class).delete(gone, CLIENT);
        int calls = gateway.chargeCalls();
        long payments = number(portal().dataSource(), "SELECT count(*) FROM portal.payments");
        long audits = number(portal().dataSource(), "SELECT count(*) FROM portal.activity_logs WHERE entity_type = 'payment'");
        UUID unknown = UUID.randomUUID();
        String key = key();
        // The foreign key alone would accept the deleted user's id: the INSERT checks deleted_at itself.
        for (UUID user : List.of(unknown, gone)) {
            assertThatThrownBy(() -> payments().charge(ChargeRequest.of(user, 100, "USD", null, key), CLIENT))
                    .isInstanceOfSatisfying(NotFoundException.class, e -> {
                        assertThat(e.code()).isEqualTo(dev.portalkit.core.CoreError.NOT_FOUND);
                        assertThat(e.getMessage()).isEqualTo("[PK-1011] User " + user + " was not found");
                    });
        }
        // A key the user already paid with: the user is checked first, as before.
        assertThatThrownBy(() -> payments().charge(ChargeRequest.of(gone, 700, "USD", null, paid), CLIENT))
                .isInstanceOfSatisfying(NotFoundException.class,
                        e -> assertThat(e.getMessage()).isEqualTo("[PK-1011] User " + gone + " was not found"));
        // A key someone else used: still the unknown user, not the reused key.
        assertThatThrownBy(() -> payments().charge(ChargeRequest.of(unknown, 700, "USD", null, paid), CLIENT))
                .isInstanceOf(NotFoundException.class);
        assertThat(gateway.chargeCalls()).isEqualTo(calls);
        assertThat(number(portal().dataSource(), "SELECT count(*) FROM portal.payments")).isEqualTo(payments);
        assertThat(number(portal().dataSource(), "SELECT count(*) FROM portal.activity_logs WHERE entity_type = 'payment'")).isEqualTo(audits);
        assertThat(payments().findByIdempotencyKey(key)).isEmpty();
        assertThat(payments().findByIdempotencyKey(paid)).contains(first);
        // A live user with the same key afterwards is charged normally.
        assertThat(payments().charge(ChargeRequest.of(ann, 100, "USD", null, key), CLIENT).status())
                .isEqualTo(PaymentStatus.SUCCEEDED);
    }

    @Test
    void chargingInsideAHostTransactionIsRefusedBeforeAnythingIsWritten() {
        UUID ann = BillingTests.user(portal(), "ann");
        String key = key();
        assertThatThrownBy(() -> portal().inTransaction(() ->
                payments().charge(ChargeRequest.of(ann, 100, "USD", null, key), CLIENT)))
                .isInstanceOfSatisfying(PortalException.class,
                        e -> assertThat(e.getMessage()).contains("inTransaction"));
        assertThat(payments().findByIdempotencyKey(key)).isEmpty();
    }

    @Test
    void listPagesAUsersPaymentsNewestFirstAndAmountsRoundTripExactly() {
        UUID ann = BillingTests.user(portal(), "ann");
        List<Payment> made = new ArrayList<>();
        made.add(payments().charge(ChargeRequest.of(ann, 1, "JPY", "yen", key()), CLIENT));
        made.add(payments().charge(ChargeRequest.of(ann, 12345, "KWD", "fils", key()), CLIENT));
        made.add(payments().charge(ChargeRequest.of(ann, Long.MAX_VALUE / 2, "USD", "big", key()), CLIENT));
        made.add(payments().charge(ChargeRequest.of(ann, 99, "EUR", "cents", key()), CLIENT));
        made.add(payments().charge(ChargeRequest.of(ann, 7, "BHD", null, key()), CLIENT));
        List<Payment> seen = new ArrayList<>();
        PageRequest request = PageRequest.first(2);
        Page<Payment> page;
        do {
            page = payments().list(ann, request);
            assertThat(page.items().size()).isLessThanOrEqualTo(2);
            seen.addAll(page.items());
            request = request.next(page);
        } while (page.hasNext());
        assertThat(seen).hasSize(5);
        assertThat(seen).extracting(Payment::id).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(made.stream().map(Payment::id).toList());
        for (Payment m : made) {
            Payment s = seen.stream().filter(x -> x.id().equals(m.id())).findFirst().orElseThrow();
            assertThat(s.amountMinor()).isEqualTo(m.amountMinor());
            assertThat(s.currency()).isEqualTo(m.currency());
        }
        for (int i = 1; i < seen.size(); i++) {
            assertThat(seen.get(i - 1).createdAt()).isAfterOrEqualTo(seen.get(i).createdAt());
        }
    }

    @Test
    void aRefundOfLongMaxAfterAPartialRefundIsRefundExceedsCapturedAndWritesNothing() {
        UUID ann = BillingTests.user(portal(), "ann");
        Payment p = payments().charge(ChargeRequest.of(ann, 10_000, "USD", "Order", key()), CLIENT);
        payments().refund(p.id(), 3000, key(), "partly", CLIENT);
        long refunds = number(portal().dataSource(), "SELECT count(*) FROM portal.payment_refunds WHERE payment_id = ?", p.id());
        for (long amount : List.of(Long.MAX_VALUE, Long.MAX_VALUE - 2999, 7001L)) {
            assertThatThrownBy(() -> payments().refund(p.id(), amount, key(), "too much", CLIENT)).as("refund of %d", amount)
                    .isInstanceOfSatisfying(RefundExceedsCapturedException.class,
                            e -> assertThat(e.code()).isEqualTo(BillingError.REFUND_EXCEEDS_CAPTURED));
        }
        Payment after = payments().find(p.id()).orElseThrow();
        assertThat(after.refundedMinor()).isEqualTo(3000);
        assertThat(after.refundPendingMinor()).isZero();
        assertThat(number(portal().dataSource(), "SELECT count(*) FROM portal.payment_refunds WHERE payment_id = ?", p.id())).isEqualTo(refunds);
        assertThat(payments().refund(p.id(), 7000, key(), "the rest", CLIENT).status()).isEqualTo(RefundStatus.SUCCEEDED);
    }
}
