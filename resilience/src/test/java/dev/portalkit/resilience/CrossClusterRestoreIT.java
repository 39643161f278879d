package dev.portalkit.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.core.ActivityLog;
import dev.portalkit.core.AuditEvent;
import dev.portalkit.core.AuditVerification;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.CoreError;
import dev.portalkit.core.MigrationMode;
import dev.portalkit.core.Portal;
import dev.portalkit.core.PortalException;
import dev.portalkit.testing.Queries;
import dev.portalkit.testing.TestClock;
import dev.portalkit.testing.TestDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opentest4j.TestAbortedException;

/**
 * A whole-database dump restored into another PostgreSQL cluster, one whose transaction ids are
 * behind the source's: a fresh cluster (the embedded PostgreSQL, started here) against the test
 * server, which has run many transactions. The audit trail's seal order is by transaction id, so
 * this is the move core's V6 is for (core/README.md, "Moving to another PostgreSQL cluster"): the
 * runtime role's VALIDATE build refuses with PK-1071, the owner's APPLY build re-bases, and the
 * rows written afterwards seal after the restored ones with the whole chain intact. Runs where
 * BackupRestoreIT runs (a server and its client programs), and not as root, which the embedded
 * PostgreSQL refuses.
 */
class CrossClusterRestoreIT {

    static final TestClock clock = new TestClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    @RegisterExtension
    static final BackupSource.PerClass backup = new BackupSource.PerClass(clock);

    @Test
    void aDumpRestoredIntoAClusterBehindIsRefusedByValidateRebasedByApplyAndSealsOnIntact() throws Exception {
        if ("root".equals(System.getProperty("user.name"))) {
            throw new TestAbortedException("the embedded PostgreSQL (the second cluster) refuses to run as root");
        }
        BackupSource source = backup.source();
        Path dump = source.file("cross-cluster.dump");
        source.pg.dumpDatabase(source.db, dump);
        try (EmbeddedPostgres fresh = EmbeddedPostgres.builder().start()) {
            try (Connection c = fresh.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE restored");
            }
            String url = "jdbc:postgresql://localhost:" + fresh.getPort() + "/restored";
            TestDatabase target = new TestDatabase("restored", url, "postgres", null, url);
            // Roles are the cluster's, not the dump's: the fresh one has only its superuser.
            source.pg.restore(dump, target, "--no-owner", "--no-privileges");

            long ahead = Queries.number(target.directDataSource(), "SELECT count(*) FROM " + PopulatedPortal.SCHEMA
                    + ".activity_logs WHERE txid::text::numeric >= pg_snapshot_xmax(pg_current_snapshot())::text::numeric");
            if (ahead == 0) {
                throw new TestAbortedException("the fresh cluster's transaction ids are not behind the source's here");
            }
            assertThatThrownBy(() -> PopulatedPortal.open(target, MigrationMode.VALIDATE, clock).close())
                    .isInstanceOfSatisfying(PortalException.class,
                            e -> assertThat(e.code()).isEqualTo(CoreError.AUDIT_REBASE_NEEDED));

            try (Portal portal = PopulatedPortal.open(target, MigrationMode.APPLY, clock)) {
                ActivityLog log = portal.service(ActivityLog.class);
                AuditVerification restored = log.verify();
                assertThat(restored.intact()).as("the restored chain: " + restored).isTrue();
                for (int i = 0; i < 20; i++) {
                    log.record(new AuditEvent("doc.signed", "doc", UUID.randomUUID(), null, null, Map.of("n", i)),
                            CallContext.system("cross-cluster"));
                }
                assertThat(log.seal().rowsSealed()).as("rows written on the new cluster").isEqualTo(20);
                AuditVerification after = log.verify();
                assertThat(after.intact()).as("the chain across the move: " + after).isTrue();
                assertThat(after.rowsChecked()).isEqualTo(restored.rowsChecked() + 20);
            }
            // Re-based once: the runtime role's VALIDATE build starts now.
            PopulatedPortal.open(target, MigrationMode.VALIDATE, clock).close();
        }
    }
}
