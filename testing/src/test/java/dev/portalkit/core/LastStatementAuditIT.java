package dev.portalkit.core;

import static dev.portalkit.core.MigrationIT.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.demo.DemoItem;
import dev.portalkit.demo.DemoModule;
import dev.portalkit.demo.DemoService;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.TestDatabase;
import dev.portalkit.testing.WireCounter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** AuditTrail.lastStatement: the change, its audit rows and the COMMIT in one round trip. */
class LastStatementAuditIT {

    @RegisterExtension
    static final PortalExtension kit = PortalExtension.builder().install(new DemoModule()).build();

    private static WireCounter wire;
    private static Portal counted;
    private static UUID ann;

    @BeforeAll
    static void countedPortal() throws Exception {
        TestDatabase db = kit.database();
        wire = WireCounter.inFrontOf(db);
        counted = Portal.builder().jdbcUrl(wire.jdbcUrl()).username(db.username()).password(db.password())
                .schema(kit.portal().schema()).minimumIdle(1).maximumPoolSize(1).migration(MigrationMode.NONE)
                .backgroundSealing(false) // every round trip on the wire is the measured call's
                .install(new DemoModule()).build();
        ann = UUID.randomUUID();
        demo().addPerson(ann, "ann@example.com", "ADMIN");
    }

    @AfterAll
    static void close() throws Exception {
        counted.close();
        wire.close();
    }

    private static DemoService demo() {
        return kit.portal().service(DemoService.class);
    }

    private static List<String> trail(String code) throws SQLException {
        return query(kit.portal().dataSource(), "SELECT action || ' ' || coalesce(actor_email, '-') FROM portal.activity_logs"
                + " WHERE entity_id IN (SELECT id FROM portal.demo_items WHERE code = '" + code + "')"
                + " OR metadata->>'code' = '" + code + "' ORDER BY seq");
    }

    @Test
    void theChangeItsAuditRowsAndTheCommitTakeOneRoundTrip() throws SQLException {
        DemoService d = counted.service(DemoService.class);
        CallContext ctx = CallContext.of(ann, "::1", "test");
        d.createInOneStatement("warm", 1, ctx);
        assertThat(wire.roundTripsOf(() -> d.createInOneStatement("one", 2, ctx))).isEqualTo(1);
        assertThat(wire.roundTripsOf(() -> d.adjust("one", 3, ctx))).isEqualTo(1);
        // Rows recorded before the statement come first; the actor is read by the INSERT itself.
        assertThat(trail("one")).containsExactly("demo_item.checked ann@example.com", "demo_item.created ann@example.com",
                "demo_item.adjusted ann@example.com");
        assertThat(kit.portal().service(ActivityLog.class).verify().intact()).isTrue();
    }

    @Test
    void aStatementThatChangesNothingWritesNoRowForItsEvent() throws SQLException {
        demo().createInOneStatement("few", 1, CallContext.system("t"));
        assertThat(demo().adjust("few", -5, CallContext.system("t"))).isNull();
        assertThat(demo().adjust("few", -1, CallContext.system("t")).quantity()).isZero();
        assertThat(trail("few")).containsExactly("demo_item.checked -", "demo_item.created -", "demo_item.adjusted -");
    }

    @Test
    void aFailingStatementCommitsNothingNotEvenTheRowsRecordedBeforeIt() throws SQLException {
        demo().createInOneStatement("dup", 1, CallContext.system("t"));
        long before = Long.parseLong(query(kit.portal().dataSource(), "SELECT count(*) FROM portal.activity_logs").get(0));
        assertThatThrownBy(() -> demo().createInOneStatement("dup", 1, CallContext.system("t")))
                .isInstanceOf(ConflictException.class);
        assertThat(query(kit.portal().dataSource(), "SELECT count(*) FROM portal.activity_logs"))
                .containsExactly(Long.toString(before));
    }

    @Test
    void aStatementWaitingForARowLockHoldsNoAuditLockSoOtherWritersGoOn() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Connection other = kit.portal().dataSource().getConnection(); Statement s = other.createStatement()) {
            other.setAutoCommit(false);
            s.execute("INSERT INTO portal.demo_items (code, quantity) VALUES ('locked', 1)"); // not committed
            // Records a row first, then its INSERT waits on the uncommitted duplicate key.
            Future<DemoItem> waiting = pool.submit(() -> demo().createInOneStatement("locked", 2, CallContext.system("t")));
            Thread.sleep(300);
            assertThat(waiting).isNotDone();
            // Had the waiting statement taken the chain head's lock, this audited write would wait too.
            Future<DemoItem> other2 = pool.submit(() -> demo().create("free", 1, CallContext.system("t")));
            assertThat(other2.get(10, TimeUnit.SECONDS).code()).isEqualTo("free");
            other.rollback();
            assertThat(waiting.get(10, TimeUnit.SECONDS).quantity()).isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
        assertThat(trail("locked")).containsExactly("demo_item.checked -", "demo_item.created -");
        assertThat(kit.portal().service(ActivityLog.class).verify().intact()).isTrue();
    }

    @Test
    void insideAHostTransactionTheStatementDoesNotCommitAndARollbackUndoesItsRows() throws SQLException {
        Portal p = kit.portal();
        assertThatThrownBy(() -> p.inTransaction(() -> {
            demo().createInOneStatement("host-1", 1, CallContext.system("t"));
            demo().adjust("host-1", 1, CallContext.system("t"));
            throw new IllegalStateException("host changes its mind");
        })).hasMessageContaining("changes its mind");
        assertThat(query(p.dataSource(), "SELECT count(*) FROM portal.demo_items WHERE code = 'host-1'")).containsExactly("0");
        assertThat(trail("host-1")).isEmpty();

        p.inTransaction(() -> {
            demo().createInOneStatement("host-2", 1, CallContext.system("t"));
            // Recorded after a last statement that did not end the transaction: written at COMMIT.
            demo().create("host-2b", 1, CallContext.system("t"));
            demo().adjust("host-2", 1, CallContext.system("t"));
        });
        assertThat(trail("host-2")).containsExactly("demo_item.checked -", "demo_item.created -", "demo_item.adjusted -");
        assertThat(trail("host-2b")).containsExactly("demo_item.created -");
        assertThat(query(p.dataSource(), "SELECT string_agg(action, ',' ORDER BY seq) FROM portal.activity_logs"
                + " WHERE seq > (SELECT max(seq) FROM portal.activity_logs WHERE action = 'demo_item.checked') - 1"))
                .containsExactly("demo_item.checked,demo_item.created,demo_item.created,demo_item.adjusted");
        assertThat(p.service(ActivityLog.class).verify().intact()).isTrue();
    }
}
