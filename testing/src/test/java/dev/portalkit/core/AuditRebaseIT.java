package dev.portalkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.testing.Queries;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The seal order across PostgreSQL clusters (core V6). The sealer orders rows by transaction id, and
 * ids count per cluster: a dump restored into a cluster whose counter is behind brings rows (and
 * seals) with ids this cluster has not handed out yet, and rows written after them would sort before
 * what is sealed and never be sealed. The restore is played here on one cluster: the "old cluster"
 * is this one with its ids shifted a billion ahead; the "restore" takes the shift away and keeps
 * every row and seal, exactly what pg_restore into a fresh cluster leaves.
 */
class AuditRebaseIT extends CoreDatabaseTest {

    static final AuditKey KEY = AuditKey.of("host-key", "0123456789abcdef0123456789abcdef".getBytes());
    static final long BILLION = 1_000_000_000L;


    Portal portal(MigrationMode mode) {
        Portal p = Portal.builder().dataSource(db.directDataSource()).migration(mode).backgroundSealing(false)
                .auditKeys(KEY).build();
        portals.add(p);
        return p;
    }

    static void write(ActivityLog log, int n) {
        for (int i = 0; i < n; i++) {
            log.record(new AuditEvent("doc.signed", "doc", UUID.randomUUID(), null, null, Map.of("n", i)),
                    CallContext.system("rebase-test"));
        }
    }

    long number(String sql) {
        return Queries.number(db.directDataSource(), sql);
    }

    @Test
    void aDatabaseFromAClusterAheadIsRefusedByValidateAndSealingThenRebasedByApplyAndSealsOnIntact() throws SQLException {
        // The old cluster: its transaction ids a billion ahead of this one's.
        asOwner("INSERT INTO portal.activity_log_txid_shifts (shift, above) VALUES (" + BILLION + ", '0')",
                "ALTER TABLE portal.activity_logs ALTER COLUMN txid SET DEFAULT"
                        + " (pg_current_xact_id()::text::numeric + " + BILLION + ")::text::xid8");
        Portal old = portal(MigrationMode.APPLY);
        ActivityLog oldLog = old.service(ActivityLog.class);
        write(oldLog, 50);
        AuditCheckpoint exported = oldLog.seal().checkpoint();
        assertThat(exported.position()).isEqualTo(50);
        assertThat(number("SELECT min(txid::text::numeric) FROM portal.activity_logs")).isGreaterThan(BILLION);
        old.close();

        // The restore into a cluster whose counter is behind: rows and seals as they were, no shift.
        asOwner("ALTER TABLE portal.activity_log_txid_shifts DISABLE TRIGGER USER",
                "DELETE FROM portal.activity_log_txid_shifts",
                "ALTER TABLE portal.activity_log_txid_shifts ENABLE TRIGGER USER",
                "ALTER TABLE portal.activity_logs ALTER COLUMN txid SET DEFAULT pg_current_xact_id()");

        // A runtime role cannot re-base (DDL): VALIDATE refuses to start, naming the fix.
        assertThatThrownBy(() -> portal(MigrationMode.VALIDATE))
                .isInstanceOfSatisfying(PortalException.class, e -> {
                    assertThat(e.code()).isEqualTo(CoreError.AUDIT_REBASE_NEEDED);
                    assertThat(e.getMessage()).contains("another cluster", "MigrationMode.APPLY");
                });
        // A Portal that checks nothing (NONE) still refuses to seal rather than seal out of order.
        ActivityLog unchecked = portal(MigrationMode.NONE).service(ActivityLog.class);
        assertThatThrownBy(unchecked::seal)
                .isInstanceOfSatisfying(PortalException.class, e -> assertThat(e.code()).isEqualTo(CoreError.AUDIT_REBASE_NEEDED));
        assertThat(number("SELECT count(*) FROM portal.activity_log_seals")).isEqualTo(50);

        // The owner's APPLY build re-bases once; rows written after it seal after the old ones.
        ActivityLog log = portal(MigrationMode.APPLY).service(ActivityLog.class);
        assertThat(number("SELECT count(*) FROM portal.activity_log_txid_shifts")).isEqualTo(1);
        write(log, 30);
        assertThat(log.seal().rowsSealed()).isEqualTo(30);
        assertThat(number("SELECT count(*) FROM portal.activity_logs l WHERE NOT EXISTS"
                + " (SELECT 1 FROM portal.activity_log_seals s WHERE s.seq = l.seq)")).as("unsealed rows").isZero();
        AuditVerification all = log.verify();
        assertThat(all.intact()).as(all.toString()).isTrue();
        assertThat(all.rowsChecked()).isEqualTo(80);
        AuditVerification fromExport = log.verify(exported, null);
        assertThat(fromExport.intact()).as(fromExport.toString()).isTrue();

        // Nothing foreign any more: later builds leave the shift alone, VALIDATE starts.
        portal(MigrationMode.APPLY);
        portal(MigrationMode.VALIDATE);
        assertThat(number("SELECT count(*) FROM portal.activity_log_txid_shifts")).isEqualTo(1);
    }

    @Test
    void theRuntimeRoleCanNeitherWriteTheShiftsNorCallTheRebase() {
        assertThat(number("SELECT count(*) FROM information_schema.role_table_grants WHERE table_schema = 'portal'"
                + " AND table_name = 'activity_log_txid_shifts' AND grantee = 'PUBLIC'")).isZero();
        assertThat(number("SELECT count(*) FROM information_schema.routine_privileges WHERE routine_schema = 'portal'"
                + " AND routine_name = 'activity_logs_rebase' AND grantee = 'PUBLIC'")).isZero();
    }
}
