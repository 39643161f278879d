package dev.portalkit.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalkit.testing.Queries;
import dev.portalkit.testing.TestDatabase;
import dev.portalkit.testing.TestDatabases;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;
import org.junit.jupiter.api.Test;

/**
 * Core V7 to V11 on a database that has an audit trail: the schema of core V6 (Flyway target 6, as the
 * previous release left it), rows written the way its statements write them, then this release. Every
 * row stays byte for byte in the first partition, seq goes on from where the old identity stopped, and
 * the whole trail seals and verifies.
 */
class AuditPartitionMigrationIT {

    static final CallContext WHO = CallContext.system("audit-partition-migration-test");

    @Test
    void anExistingTrailBecomesTheFirstPartitionRowForRowAndSealsAndVerifiesAfter() throws SQLException {
        TestDatabase db = TestDatabases.empty();
        try {
            migrateCoreTo(db, "6");
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            Instant ahead = now.plus(Duration.ofDays(100));
            try (Connection c = db.directDataSource().getConnection(); Statement s = c.createStatement()) {
                // The previous release's audited writes name these columns; created_at is the database's clock.
                s.execute("INSERT INTO portal.activity_logs (occurred_at, actor_id, actor_email, action, entity_type, entity_id,"
                        + " after, metadata, ip, user_agent, request_id)"
                        + " SELECT now(), gen_random_uuid(), 'ann' || g || '@example.com', 'doc.signed', 'doc', gen_random_uuid(),"
                        + " jsonb_build_object('n', g), '{}', '10.0.0.1', 'browser', 'req-' || g FROM generate_series(1, 40) g");
                // A row with a created_at ahead of the database's clock: the first partition's bound must hold it.
                s.execute("INSERT INTO portal.activity_logs (occurred_at, action, created_at, updated_at)"
                        + " VALUES ('" + ahead + "', 'doc.signed', '" + ahead + "', '" + ahead + "')");
            }
            List<String> before = rows(db);
            long lastSeq = Queries.number(db.directDataSource(), "SELECT max(seq) FROM portal.activity_logs");

            try (Portal after = Portal.builder().dataSource(db.dataSource()).migrationDataSource(db.directDataSource())
                    .migration(MigrationMode.APPLY).backgroundSealing(false).build()) {
                assertThat(rows(db)).isEqualTo(before);
                assertThat(Queries.column(db.directDataSource(), "SELECT DISTINCT tableoid::regclass::text FROM portal.activity_logs"))
                        .containsExactly("portal.activity_logs_legacy");
                AuditPartition legacy = after.service(AuditRetention.class).partitions().get(0);
                assertThat(legacy.name()).isEqualTo("activity_logs_legacy");
                assertThat(legacy.from()).isNull();
                assertThat(legacy.to()).isAfter(ahead);

                after.service(ActivityLog.class).record(new AuditEvent("doc.read", "doc", UUID.randomUUID(), null, null, null), WHO);
                assertThat(Queries.number(db.directDataSource(), "SELECT max(seq) FROM portal.activity_logs")).isEqualTo(lastSeq + 1);
                assertThat(after.service(ActivityLog.class).seal().rowsSealed()).isEqualTo(42);
                AuditVerification v = after.service(ActivityLog.class).verify();
                assertThat(v.problem()).isNull();
                assertThat(v.rowsChecked()).isEqualTo(42);
                assertThat(after.service(ActivityLog.class).find(new ActivityQuery(null, null, null, null, null, null),
                        new PageRequest(null, 50)).items()).hasSize(42);
            }
        } finally {
            TestDatabases.server().dropDatabase(db.name());
        }
    }

    /** Every row as text, in seq order: what the migration must leave as it was. */
    private static List<String> rows(TestDatabase db) {
        return Queries.column(db.directDataSource(), "SELECT to_jsonb(l)::text FROM portal.activity_logs l ORDER BY seq");
    }

    private static void migrateCoreTo(TestDatabase db, String target) {
        FluentConfiguration config = Flyway.configure().dataSource(db.directDataSource()).schemas("portal")
                .defaultSchema("portal").table(Portal.historyTable("core")).locations(Portal.CORE_MIGRATIONS)
                .baselineOnMigrate(true).baselineVersion("0").target(target);
        // As MigrationRunner: Flyway's transactional lock keeps a second connection in a transaction, which
        // V5's CREATE INDEX CONCURRENTLY would wait for forever.
        config.getConfigurationExtension(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
        config.load().migrate();
    }
}
