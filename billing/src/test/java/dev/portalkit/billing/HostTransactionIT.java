package dev.portalkit.billing;

import static dev.portalkit.billing.BillingTests.CLIENT;
import static dev.portalkit.billing.BillingTests.key;
import static dev.portalkit.testing.Queries.number;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.core.CoreError;
import dev.portalkit.core.Portal;
import dev.portalkit.core.PortalException;
import dev.portalkit.testing.PortalExtension;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #18: billing inside a plain JDBC host's transaction ({@code portal.joining}). A call that would
 * call the gateway is refused (PK-3025) before the gateway is called and before anything is written,
 * since its record must commit first, and the host's transaction can then only roll back; a call that
 * charges nothing (a trial) runs on the host's connection and commits or rolls back with the host's rows.
 */
class HostTransactionIT {

    static final InMemoryPaymentGateway gateway = new InMemoryPaymentGateway();

    @RegisterExtension
    static final PortalExtension kit = BillingTests.portal(gateway, null);

    @BeforeAll
    static void hostTable() throws SQLException {
        hostTable(kit.database(), "id serial PRIMARY KEY, note text NOT NULL");
    }

    /** The host's own table, made by the owner (a runtime role may not create schemas) and granted to the Portal's role. */
    static void hostTable(dev.portalkit.testing.TestDatabase db, String columns) throws java.sql.SQLException {
        try (java.sql.Connection c = db.directDataSource().getConnection(); java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA host_app");
            s.execute("CREATE TABLE host_app.orders (" + columns + ")");
            if (db.username() != null && !db.username().equals(db.ownerUsername())) {
                s.execute("GRANT USAGE ON SCHEMA host_app TO \"" + db.username() + "\"");
                s.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA host_app TO \"" + db.username() + "\"");
                s.execute("GRANT USAGE ON ALL SEQUENCES IN SCHEMA host_app TO \"" + db.username() + "\"");
            }
        }
    }

    private Portal portal() {
        return kit.portal();
    }

    private PaymentService payments() {
        return portal().service(PaymentService.class);
    }

    private SubscriptionService subs() {
        return portal().service(SubscriptionService.class);
    }

    /** Everything a refused call must leave as it was, PortalKit's rows, the host's and the gateway's calls. */
    private record Counts(long payments, long refunds, long keys, long subscriptions, long audits, long hostRows,
                          int chargeCalls, int refundCalls) {
    }

    private Counts counts() {
        return new Counts(count("portal.payments"), count("portal.payment_refunds"), count("portal.idempotency_keys"),
                count("portal.user_subscriptions"), count("portal.activity_logs"), count("host_app.orders"),
                gateway.chargeCalls(), gateway.refundCalls());
    }

    private long count(String table) {
        return number(portal().dataSource(), "SELECT count(*) FROM " + table);
    }

    /**
     * In a host transaction that first inserts a row of its own, {@code call} fails with PK-3025 naming
     * {@code what}; the host then commits, which PostgreSQL turns into a rollback. Nothing has changed.
     */
    private void refusedInsideJoining(String what, Supplier<?> call) throws SQLException {
        Counts before = counts();
        try (Connection c = portal().dataSource().getConnection()) {
            c.setAutoCommit(false);
            hostInsert(c);
            assertThatThrownBy(() -> portal().joining(c, call))
                    .isInstanceOfSatisfying(PortalException.class, e -> {
                        assertThat(e.code()).isEqualTo(BillingError.PAYMENT_IN_TRANSACTION);
                        assertThat(e.getMessage()).startsWith("[PK-3025] " + what + " cannot run inside a transaction")
                                .contains("Portal.joining");
                    });
            c.commit();
            c.setAutoCommit(true);
        }
        assertThat(counts()).isEqualTo(before);
    }

    private static void hostInsert(Connection c) {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO host_app.orders (note) VALUES ('order of the host')");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aChargeInsideJoiningIsRefusedBeforeTheGatewayIsCalled() throws SQLException {
        UUID ann = BillingTests.user(portal(), "ann");
        refusedInsideJoining("PaymentService.charge", () ->
                payments().charge(ChargeRequest.of(ann, 1200, "USD", "joined", key()), CLIENT));
    }

    @Test
    void aRefundInsideJoiningIsRefusedBeforeAnythingIsReserved() throws SQLException {
        UUID ann = BillingTests.user(portal(), "ann");
        Payment paid = payments().charge(ChargeRequest.of(ann, 1200, "USD", "to refund", key()), CLIENT);
        refusedInsideJoining("PaymentService.refund", () -> payments().refund(paid.id(), 500, key(), "joined", CLIENT));
        assertThat(payments().find(paid.id()).orElseThrow().refundedMinor()).isZero();
    }

    @Test
    void renewDueInsideJoiningIsRefusedBeforeItClaimsAnything() throws SQLException {
        UUID ann = BillingTests.user(portal(), "ann");
        Subscription s = subs().subscribe(NewSubscription.of(ann, BillingTests.tier(portal(), 900, 0).id(), key()), CLIENT);
        Instant due = s.currentPeriodEnd().plusSeconds(1);
        refusedInsideJoining("SubscriptionService.renewDue", () -> subs().renewDue(due, 100));
        assertThat(subs().find(s.id()).orElseThrow().currentPeriodStart()).isEqualTo(s.currentPeriodStart());
    }

    @Test
    void reconcileInsideJoiningIsRefusedBeforeItClaimsAnything() throws SQLException {
        refusedInsideJoining("PaymentService.reconcile", () -> payments().reconcile(50, CLIENT));
        assertThatThrownBy(() -> portal().inTransaction(() -> payments().reconcile(50, CLIENT)))
                .isInstanceOfSatisfying(PortalException.class,
                        e -> assertThat(e.code()).isIn(BillingError.PAYMENT_IN_TRANSACTION, CoreError.TRANSACTION_ROLLED_BACK));
    }

    @Test
    void aSubscribeThatChargesInsideJoiningIsRefusedAndClaimsNoKey() throws SQLException {
        UUID ann = BillingTests.user(portal(), "ann");
        PricingTier paid = BillingTests.tier(portal(), 1500, 0);
        String key = key();
        refusedInsideJoining("SubscriptionService.subscribe", () ->
                subs().subscribe(NewSubscription.of(ann, paid.id(), key), CLIENT));
        // The key stayed free: the same call outside the transaction charges once and subscribes.
        Subscription s = subs().subscribe(NewSubscription.of(ann, paid.id(), key), CLIENT);
        assertThat(s.status()).isEqualTo(SubscriptionStatus.ACTIVE);
    }

    @Test
    void aTrialSubscribeChargesNothingSoItJoinsAndCommitsOrRollsBackWithTheHost() throws SQLException {
        PricingTier trial = BillingTests.tier(portal(), 1500, 14);
        UUID ann = BillingTests.user(portal(), "ann");
        Counts before = counts();
        try (Connection c = portal().dataSource().getConnection()) {
            c.setAutoCommit(false);
            hostInsert(c);
            Subscription s = portal().joining(c, () -> subs().subscribe(NewSubscription.of(ann, trial.id(), key()), CLIENT));
            assertThat(s.status()).isEqualTo(SubscriptionStatus.TRIALING);
            c.rollback();
        }
        assertThat(counts()).isEqualTo(before);
        assertThat(subs().current(ann)).isEmpty();

        try (Connection c = portal().dataSource().getConnection()) {
            c.setAutoCommit(false);
            hostInsert(c);
            portal().joining(c, () -> subs().subscribe(NewSubscription.of(ann, trial.id(), key()), CLIENT));
            c.commit();
        }
        Counts after = counts();
        assertThat(after.hostRows()).isEqualTo(before.hostRows() + 1);
        assertThat(after.subscriptions()).isEqualTo(before.subscriptions() + 1);
        assertThat(after.audits()).isGreaterThan(before.audits());
        assertThat(after.chargeCalls()).isEqualTo(before.chargeCalls());
        assertThat(subs().current(ann)).isPresent();
    }
}
