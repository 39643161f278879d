package dev.portalkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.testing.Queries;
import dev.portalkit.testing.Race;
import dev.portalkit.testing.TestClock;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The audit trail partitioned by month (core V7 to V11) and {@link AuditRetention}: rows land in their
 * month, partitions are made ahead by any number of callers at once, a partition is written only through
 * activity_logs, and old months leave only behind a checkpoint the host exported, with the chain still
 * verifying from its first position and a row deleted any other way still found. Each test has a
 * database of its own; the Portal's clock is years ahead so the months played with exist only because
 * the test made them, and rows of those months are written by the owner with their created_at.
 */
class AuditRetentionIT extends CoreDatabaseTest {

    static final CallContext WHO = CallContext.system("audit-retention-test");
    static final AuditKey KEY = AuditKey.of("retention-key", AuditSealIT.random(32));
    static final Instant JAN_2031 = Instant.parse("2031-01-15T12:00:00Z");

    final List<AuditCheckpoint> exported = new CopyOnWriteArrayList<>();
    final TestClock clock = new TestClock(JAN_2031);

    Portal portal(Consumer<Portal.Builder> more) {
        Portal.Builder b = Portal.builder().dataSource(db.dataSource()).migration(MigrationMode.NONE)
                .backgroundSealing(false).onAuditCheckpoint(exported::add).clock(clock).auditKeys(KEY);
        more.accept(b);
        Portal p = b.build();
        portals.add(p);
        return p;
    }

    Portal portal() {
        return portal(b -> { });
    }

    /** {@code n} audit rows created at {@code at}, written by the owner (created_at is the database's clock otherwise). */
    void rowsAt(Instant at, int n) throws SQLException {
        try (Connection c = db.directDataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO portal.activity_logs (occurred_at, action, entity_type, entity_id, metadata, created_at, updated_at)"
                    + " SELECT '" + at + "', 'doc.signed', 'doc', gen_random_uuid(), jsonb_build_object('n', g), '" + at + "', '" + at + "'"
                    + " FROM generate_series(1, " + n + ") g");
        }
    }

    String partitionOfSeq(long seq) {
        return Queries.column(db.directDataSource(), "SELECT c.relname FROM portal.activity_logs l JOIN pg_class c"
                + " ON c.oid = l.tableoid WHERE l.seq = ?", seq).get(0);
    }

    long rows() {
        return Queries.number(db.directDataSource(), "SELECT count(*) FROM portal.activity_logs");
    }

    List<String> partitionNames(Portal p) {
        return p.service(AuditRetention.class).partitions().stream().map(AuditPartition::name).toList();
    }

    /**
     * Rows of Jan 2031 (and the service's own, in the table from before partitioning), sealed: the first
     * checkpoint; then rows of Feb and Apr 2031, sealed: the second.
     */
    Portal oldMonthsSealed() throws SQLException {
        Portal p = portal();
        p.service(ActivityLog.class).record(new AuditEvent("doc.signed", "doc", UUID.randomUUID(), null, null, null), WHO);
        rowsAt(Instant.parse("2031-01-20T00:00:00Z"), 30);
        assertThat(p.service(ActivityLog.class).seal().rowsSealed()).isEqualTo(31);
        rowsAt(Instant.parse("2031-02-10T00:00:00Z"), 20);
        rowsAt(Instant.parse("2031-04-02T00:00:00Z"), 10);
        assertThat(p.service(ActivityLog.class).seal().rowsSealed()).isEqualTo(30);
        assertThat(exported).hasSize(2);
        return p;
    }

    @Test
    void theTableFromBeforeIsTheFirstPartitionMonthsAreMadeAheadAndRowsLandInTheirMonth() throws SQLException {
        Portal p = portal();
        // Made at start: the Portal's month and three ahead (V11 made the database's month and three ahead too).
        assertThat(partitionNames(p)).startsWith("activity_logs_legacy")
                .contains("activity_logs_2031_01", "activity_logs_2031_02", "activity_logs_2031_03", "activity_logs_2031_04");
        assertThat(p.service(AuditRetention.class).partitions().get(0).from()).isNull();
        rowsAt(Instant.parse("2031-02-10T00:00:00Z"), 1);
        long seq = Queries.number(db.directDataSource(), "SELECT max(seq) FROM portal.activity_logs");
        assertThat(partitionOfSeq(seq)).isEqualTo("activity_logs_2031_02");
        // A service's row: the database's clock, before the legacy bound.
        p.service(ActivityLog.class).record(new AuditEvent("doc.signed", "doc", UUID.randomUUID(), null, null, null), WHO);
        assertThat(partitionOfSeq(Queries.number(db.directDataSource(), "SELECT max(seq) FROM portal.activity_logs")))
                .isEqualTo("activity_logs_legacy");
        // A month with no partition: the DEFAULT one, until its month is made; then it moves, and still verifies.
        rowsAt(Instant.parse("2040-03-05T00:00:00Z"), 5);
        seq = Queries.number(db.directDataSource(), "SELECT max(seq) FROM portal.activity_logs");
        assertThat(partitionOfSeq(seq)).isEqualTo("activity_logs_default");
        p.service(ActivityLog.class).seal();
        clock.set(Instant.parse("2040-03-01T00:00:00Z"));
        List<AuditPartition> made = p.service(AuditRetention.class).ensurePartitions(0);
        assertThat(made).extracting(AuditPartition::name).containsExactly("activity_logs_2040_03");
        assertThat(made.get(0).from()).isEqualTo(Instant.parse("2040-03-01T00:00:00Z"));
        assertThat(partitionOfSeq(seq)).isEqualTo("activity_logs_2040_03");
        assertThat(p.service(AuditRetention.class).ensurePartitions(0)).as("idempotent").isEmpty();
        assertThat(p.service(ActivityLog.class).verify().intact()).isTrue();
        // The seq continues from where the old identity stopped: no row shares one.
        assertThat(Queries.number(db.directDataSource(), "SELECT count(DISTINCT seq) FROM portal.activity_logs")).isEqualTo(rows());
    }

    @Test
    void aBurstOfPortalsMakingMonthsAtOnceMakesEachOnce() {
        Portal p = portal();
        clock.set(Instant.parse("2033-06-01T00:00:00Z"));
        List<Race.Outcome<List<AuditPartition>>> out = Race.run(8, () -> p.service(AuditRetention.class).ensurePartitions(12));
        assertThat(out).noneMatch(Race.Outcome::failed);
        List<String> made = out.stream().flatMap(o -> o.value().stream()).map(AuditPartition::name).toList();
        assertThat(made).hasSize(13).doesNotHaveDuplicates();
        assertThat(partitionNames(p)).contains("activity_logs_2033_06", "activity_logs_2034_06");
    }

    @Test
    void aPartitionIsWrittenOnlyThroughTheTrailAndNotEvenByItsOwnerWithoutSwitchingTriggersOff() throws SQLException {
        Portal p = portal();
        rowsAt(Instant.parse("2031-01-20T00:00:00Z"), 3);
        for (String sql : List.of("DELETE FROM portal.activity_logs_2031_01", "TRUNCATE portal.activity_logs_2031_01",
                "UPDATE portal.activity_logs_2031_01 SET action = 'x.y'", "DELETE FROM portal.activity_logs_legacy",
                "TRUNCATE portal.activity_logs_default", "DELETE FROM portal.activity_logs", "TRUNCATE portal.activity_logs")) {
            assertThatThrownBy(() -> asOwner(sql)).as(sql).hasMessageContaining("append-only");
        }
        assertThat(rows()).isEqualTo(3);
        // Nobody but the owner holds a write on a partition: the runtime role writes through activity_logs only.
        assertThat(Queries.column(db.directDataSource(), "SELECT c.relname || ' ' || a.privilege_type FROM pg_class c"
                + " JOIN pg_inherits i ON i.inhrelid = c.oid, aclexplode(c.relacl) a"
                + " WHERE i.inhparent = 'portal.activity_logs'::regclass AND a.grantee <> c.relowner"
                + " AND a.privilege_type IN ('INSERT', 'UPDATE', 'DELETE', 'TRUNCATE')")).isEmpty();
        assertThat(p.service(ActivityLog.class).seal().rowsSealed()).isEqualTo(3);
    }

    @Test
    void oldMonthsLeaveBehindTheExportedCheckpointAndTheChainStillVerifiesFromItsFirstPosition() throws SQLException {
        Portal p = oldMonthsSealed();
        AuditRetention retention = p.service(AuditRetention.class);
        clock.set(Instant.parse("2031-05-20T00:00:00Z"));
        AuditCheckpoint boundary = retention.boundaryCheckpoint(2).orElseThrow();
        assertThat(exported).contains(boundary);

        // Every partition ending at or before 2031-03-20 (V11 made months ahead of the database's clock too).
        List<AuditPartition> old = retention.partitions().stream()
                .filter(x -> !x.to().isAfter(Instant.parse("2031-03-20T00:00:00Z"))).toList();

        List<AuditPartition> gone = retention.drop(2, boundary, WHO);

        assertThat(gone).isEqualTo(old).extracting(AuditPartition::name)
                .contains("activity_logs_legacy", "activity_logs_2031_01", "activity_logs_2031_02")
                .doesNotContain("activity_logs_2031_03", "activity_logs_2031_04");
        assertThat(Queries.column(db.directDataSource(), "SELECT to_regclass('portal.activity_logs_2031_01')::text")).containsOnlyNulls();
        assertThat(partitionNames(p)).doesNotContain("activity_logs_2031_02").contains("activity_logs_2031_04");
        // The 10 rows of April and the removal's events are left; the removed rows' seals stay.
        assertThat(rows()).isEqualTo(10 + gone.size());
        assertThat(Queries.number(db.directDataSource(), "SELECT count(*) FROM portal.activity_logs"
                + " WHERE action = 'audit.partition_removed'")).isEqualTo(gone.size());
        AuditVerification v = p.service(ActivityLog.class).verify();
        assertThat(v.problem()).isNull();
        assertThat(v.rowsChecked()).as("the rows left, checked; the removed ones chained by their seals").isEqualTo(10 + gone.size());
        assertThat(v.unsealedRows()).isZero();
        assertThat(p.service(ActivityLog.class).verify(boundary, exported.get(exported.size() - 1)).intact()).isTrue();
        assertThat(retention.drop(2, boundary, WHO)).as("idempotent").isEmpty();
    }

    @Test
    void archiveKeepsTheMonthAsADetachedTableOutsideTheTrail() throws SQLException {
        Portal p = oldMonthsSealed();
        clock.set(Instant.parse("2031-05-20T00:00:00Z"));
        AuditCheckpoint boundary = p.service(AuditRetention.class).boundaryCheckpoint(2).orElseThrow();
        assertThat(p.service(AuditRetention.class).archive(2, boundary, WHO)).extracting(AuditPartition::name)
                .contains("activity_logs_legacy", "activity_logs_2031_01", "activity_logs_2031_02");
        assertThat(Queries.number(db.directDataSource(), "SELECT count(*) FROM portal.activity_logs_2031_01")).isEqualTo(30);
        assertThat(Queries.column(db.directDataSource(), "SELECT obj_description('portal.activity_logs_2031_01'::regclass, 'pg_class')"))
                .containsExactly("portalkit: activity_logs archive");
        assertThat(p.service(ActivityLog.class).verify().intact()).isTrue();
    }

    @Test
    void nothingLeavesWithoutASealedRowsCheckpointTheHostHoldsOrInsideATransaction() throws SQLException {
        Portal p = oldMonthsSealed();
        AuditRetention retention = p.service(AuditRetention.class);
        clock.set(Instant.parse("2031-05-20T00:00:00Z"));
        AuditCheckpoint boundary = retention.boundaryCheckpoint(2).orElseThrow();
        List<String> before = partitionNames(p);
        long rows = rows();

        // A genuine checkpoint, but before the last of those rows' seals (February's).
        AuditCheckpoint early = exported.get(0);
        assertThat(boundary).isEqualTo(exported.get(1));
        assertThatThrownBy(() -> retention.drop(2, early, WHO)).isInstanceOfSatisfying(PortalException.class, e -> {
            assertThat(e.code()).isEqualTo(CoreError.AUDIT_RETENTION_REFUSED);
            assertThat(e.getMessage()).contains("activity_logs_2031_02").contains("export a newer checkpoint");
        });
        // A checkpoint the database does not hold with that value.
        AuditCheckpoint forged = new AuditCheckpoint(boundary.position(), "ab".repeat(32), boundary.sealedAt(), boundary.keyId());
        assertThatThrownBy(() -> retention.drop(2, forged, WHO)).isInstanceOfSatisfying(PortalException.class,
                e -> assertThat(e.code()).isEqualTo(CoreError.AUDIT_RETENTION_REFUSED));
        // A row of January not sealed yet.
        rowsAt(Instant.parse("2031-01-25T00:00:00Z"), 1);
        assertThat(retention.boundaryCheckpoint(2)).isEmpty();
        assertThatThrownBy(() -> retention.drop(2, boundary, WHO)).isInstanceOfSatisfying(PortalException.class,
                e -> assertThat(e.code()).isEqualTo(CoreError.AUDIT_RETENTION_REFUSED));
        // Bad arguments.
        assertThatThrownBy(() -> retention.drop(2, null, WHO)).isInstanceOf(ValidationException.class);
        for (int months : new int[] {0, -1, 1201, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            assertThatThrownBy(() -> retention.drop(months, boundary, WHO)).isInstanceOf(ValidationException.class);
            assertThatThrownBy(() -> retention.boundaryCheckpoint(months)).isInstanceOf(ValidationException.class);
        }
        for (int ahead : new int[] {-1, 121, Integer.MAX_VALUE}) {
            assertThatThrownBy(() -> retention.ensurePartitions(ahead)).isInstanceOf(ValidationException.class);
        }
        assertThatThrownBy(() -> p.inTransaction(() -> retention.drop(2, boundary, WHO))).isInstanceOf(PortalException.class);
        assertThatThrownBy(() -> p.inTransaction(() -> retention.ensurePartitions(1))).isInstanceOf(PortalException.class);
        assertThat(partitionNames(p)).isEqualTo(before);
        assertThat(rows()).isEqualTo(rows + 1);
        assertThat(Queries.number(db.directDataSource(), "SELECT count(*) FROM portal.activity_log_removals")).isZero();
        // The runtime role cannot call the removal function around the service's checks with a made-up value.
        assertThatThrownBy(() -> {
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("SELECT * FROM portal.activity_logs_detach_before('2031-04-01', " + boundary.position()
                        + ", decode(repeat('00', 32), 'hex'), false)");
            }
        }).isInstanceOf(SQLException.class);
        assertThat(partitionNames(p)).isEqualTo(before);
    }

    @Test
    void aRowDeletedBehindTheTriggersBackIsStillFoundAfterARemovalAndAForgedRemovalDoesNotHideIt() throws SQLException {
        Portal p = oldMonthsSealed();
        clock.set(Instant.parse("2031-05-20T00:00:00Z"));
        AuditCheckpoint boundary = p.service(AuditRetention.class).boundaryCheckpoint(2).orElseThrow();
        p.service(AuditRetention.class).drop(2, boundary, WHO);
        // The owner deletes a row of April (kept), and records it as removed in a removal of its own making.
        long victim = Queries.number(db.directDataSource(), "SELECT min(seq) FROM portal.activity_logs_2031_04");
        long position = Queries.number(db.directDataSource(), "SELECT position FROM portal.activity_log_seals WHERE seq = ?", victim);
        asOwner("ALTER TABLE portal.activity_logs_2031_04 DISABLE TRIGGER USER",
                "DELETE FROM portal.activity_logs_2031_04 WHERE seq = " + victim,
                "ALTER TABLE portal.activity_logs_2031_04 ENABLE TRIGGER USER");
        AuditVerification v = p.service(ActivityLog.class).verify();
        assertThat(v.intact()).isFalse();
        assertThat(v.firstBrokenSequence()).isEqualTo(victim);
        assertThat(v.problem()).contains("deleted");

        asOwner("ALTER TABLE portal.activity_log_removals DISABLE TRIGGER USER",
                "INSERT INTO portal.activity_log_removals (id, partition_name, range_to, row_count, positions, through_position, archived)"
                        + " VALUES (gen_random_uuid(), 'activity_logs_2031_04', '2031-05-01', 1, int8multirange(int8range("
                        + position + ", " + position + ", '[]')), " + position + ", false)",
                "ALTER TABLE portal.activity_log_removals ENABLE TRIGGER USER");
        v = p.service(ActivityLog.class).verify();
        assertThat(v.intact()).isFalse();
        assertThat(v.problem()).contains("no sealed audit event for that removal");
        assertThat(v.firstBrokenPosition()).isEqualTo(position);
    }
}
