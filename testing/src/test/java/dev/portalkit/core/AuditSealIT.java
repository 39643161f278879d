package dev.portalkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.core.internal.CoreModule;
import dev.portalkit.core.internal.MigrationRunner;
import dev.portalkit.testing.CapturedErr;
import dev.portalkit.testing.Queries;
import dev.portalkit.testing.TestDatabase;
import dev.portalkit.testing.TestDatabases;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * Audit trail v2 (issue #17) against a database owner who forges: keyed seals, host checkpoints,
 * a sealer killed mid-batch, erasure, the migration from v1 and key rotation. Each test has a
 * database of its own, since several rewrite the trail behind the triggers' back.
 */
class AuditSealIT extends CoreDatabaseTest {

    static final CallContext WHO = CallContext.system("audit-seal-test");
    static final byte[] SECRET_A = random(32);
    static final byte[] SECRET_B = random(48);
    static final AuditKey KEY_A = AuditKey.of("host-key-a", SECRET_A);
    static final AuditKey KEY_B = AuditKey.of("host-key-b", SECRET_B);

    final List<AuditCheckpoint> exported = new CopyOnWriteArrayList<>();

    Portal portal(Consumer<Portal.Builder> more) {
        Portal.Builder b = Portal.builder().dataSource(db.dataSource()).migration(MigrationMode.NONE)
                .backgroundSealing(false).onAuditCheckpoint(exported::add);
        more.accept(b);
        Portal p = b.build();
        portals.add(p);
        return p;
    }

    static void write(ActivityLog log, int n, String tag) {
        for (int i = 0; i < n; i++) {
            log.record(new AuditEvent("doc.signed", "doc", UUID.randomUUID(), null, Map.of("by", "ann@example.com"),
                    Map.of("n", i, "tag", tag)), CallContext.of(UUID.randomUUID(), "10.0.0." + (i % 250 + 1), "browser/" + tag));
        }
    }

    /** A Portal sealing with key A, {@code n} rows written and sealed. */
    ActivityLog sealedWithKeyA(int n) {
        ActivityLog log = portal(b -> b.auditKeys(KEY_A)).service(ActivityLog.class);
        write(log, n, "a");
        log.seal();
        return log;
    }

    long seqAt(long position) {
        return Queries.number(db.directDataSource(), "SELECT seq FROM portal.activity_log_seals WHERE position = ?", position);
    }

    // ---------------------------------------------------------------------------------------------
    // The owner forges

    /**
     * The forger's re-sealing: every seal from {@code fromPosition} on is dropped and made again over
     * the rows as they are now, as an unkeyed SHA-256 chain (the arithmetic of the sealer, which the
     * forger can read in our source), keeping the key id so that it looks like the host's; checkpoints
     * likewise, one every 5 positions and at the end.
     */
    static String[] rechain(long fromPosition) {
        return new String[] {
            "DELETE FROM portal.activity_log_checkpoints WHERE position >= " + fromPosition,
            "DELETE FROM portal.activity_log_seals WHERE position >= " + fromPosition,
            """
            INSERT INTO portal.activity_log_seals (position, txid, seq, core_digest, personal_digest, mac, key_id, sealed_at)
            WITH RECURSIVE start AS (
              SELECT coalesce((SELECT position FROM portal.activity_log_seals ORDER BY position DESC LIMIT 1), 0) AS pos,
                     coalesce((SELECT mac FROM portal.activity_log_seals ORDER BY position DESC LIMIT 1),
                              decode(repeat('00', 32), 'hex')) AS mac,
                     coalesce((SELECT txid FROM portal.activity_log_seals ORDER BY position DESC LIMIT 1), '0'::xid8) AS txid,
                     coalesce((SELECT seq FROM portal.activity_log_seals ORDER BY position DESC LIMIT 1), 0) AS seq
            ), r AS (
              SELECT (SELECT pos FROM start) + row_number() OVER (ORDER BY l.txid, l.seq) AS pos, l.txid, l.seq,
                     sha256(convert_to(jsonb_build_array(l.id, l.seq, l.txid::text,
                         (EXTRACT(EPOCH FROM l.occurred_at) * 1000000)::bigint, l.actor_id, l.actor_role, l.action,
                         l.entity_type, l.entity_id, l.request_id)::text, 'UTF8')) AS core,
                     sha256(convert_to(jsonb_build_array(l.actor_email, l.before, l.after, l.metadata, host(l.ip),
                         l.user_agent)::text, 'UTF8')) AS personal
                FROM portal.activity_logs l
               WHERE (l.txid, l.seq) > ((SELECT txid FROM start), (SELECT seq FROM start))
            ), chain AS (
              SELECT r.pos, r.txid, r.seq, r.core, r.personal,
                     sha256(int8send(r.pos) || (SELECT mac FROM start) || r.core || r.personal) AS mac
                FROM r WHERE r.pos = (SELECT pos FROM start) + 1
              UNION ALL
              SELECT r.pos, r.txid, r.seq, r.core, r.personal, sha256(int8send(r.pos) || c.mac || r.core || r.personal)
                FROM r JOIN chain c ON r.pos = c.pos + 1
            )
            SELECT pos, txid, seq, core, personal, mac, 'host-key-a', now() FROM chain
            """,
            "INSERT INTO portal.activity_log_checkpoints (position, mac, key_id, sealed_at) SELECT position, mac, key_id, now()"
                    + " FROM portal.activity_log_seals WHERE position >= " + fromPosition + " AND (position % 5 = 0"
                    + " OR position = (SELECT max(position) FROM portal.activity_log_seals))",
            "UPDATE portal.activity_log_head SET last_seq = (SELECT max(seq) FROM portal.activity_logs)"
        };
    }

    @Test
    void anOwnerWhoRewritesARowDeletesAnotherAndReSealsIsReportedAtTheFirstRowItAltered() throws SQLException {
        ActivityLog log = portal(b -> b.auditKeys(KEY_A)).service(ActivityLog.class);
        for (int i = 0; i < 4; i++) {
            write(log, 3, "batch" + i);
            log.seal(); // a checkpoint every 3 rows, exported by the host as they come
        }
        assertThat(exported).extracting(AuditCheckpoint::position).containsExactly(3L, 6L, 9L, 12L);
        assertThat(exported).allSatisfy(c -> assertThat(c.keyId()).isEqualTo("host-key-a"));
        AuditCheckpoint trusted = exported.get(0);
        AuditCheckpoint newest = exported.get(exported.size() - 1);
        AuditVerification clean = log.verify(trusted, newest);
        assertThat(clean.intact()).as(clean.toString()).isTrue();
        assertThat(clean.rowsChecked()).isEqualTo(9);
        assertThat(clean.keyed()).isTrue();
        assertThat(clean.end()).extracting(AuditCheckpoint::position, AuditCheckpoint::chain)
                .containsExactly(newest.position(), newest.chain());

        long altered = seqAt(5);
        long deleted = seqAt(8);
        asOwnerTriggersOff("UPDATE portal.activity_logs SET metadata = '{\"n\": 99, \"tag\": \"forged\"}' WHERE seq = " + altered,
                "DELETE FROM portal.activity_logs WHERE seq = " + deleted);
        asOwnerTriggersOff(rechain(5));
        // The forger's chain is complete and consistent: an unkeyed check of the database alone would pass.
        assertThat(Queries.number(db.directDataSource(), "SELECT count(*) FROM portal.activity_log_seals")).isEqualTo(11);

        AuditVerification v = log.verify(trusted, newest);
        assertThat(v.intact()).isFalse();
        assertThat(v.firstBrokenPosition()).as(v.toString()).isEqualTo(5L);
        assertThat(v.firstBrokenSequence()).isEqualTo(altered);
        assertThat(v.problem()).contains("does not verify under key 'host-key-a'");
        assertThat(v.rowsChecked()).isEqualTo(1); // position 4, after the trusted checkpoint at 3
        // From the first row too, and with the forged checkpoints the database now holds.
        assertThat(log.verify()).extracting(AuditVerification::firstBrokenPosition).isEqualTo(5L);
        AuditCheckpoint forged = log.checkpoints(9, 10).get(0);
        assertThat(log.verify(forged, null).problem()).contains("does not verify under key");

        // A forger who re-seals from the first position: reported there, the first seal it rewrote.
        asOwnerTriggersOff(rechain(1));
        assertThat(log.verify(null, newest).firstBrokenPosition()).isEqualTo(1L);
        assertThat(log.verify(trusted, newest).problem()).contains("differs from the host's checkpoint");
    }

    @Test
    void withoutAKeyTheHostsCheckpointsStillCatchAReSealedChainThatTheDatabaseAloneDoesNot() throws SQLException {
        ActivityLog log = portal(b -> { }).service(ActivityLog.class);
        write(log, 6, "a");
        log.seal();
        write(log, 6, "b");
        log.seal();
        AuditCheckpoint newest = exported.get(exported.size() - 1);
        assertThat(newest.keyId()).isNull();
        long altered = seqAt(8);
        asOwnerTriggersOff("UPDATE portal.activity_logs SET metadata = '{\"n\": 99}' WHERE seq = " + altered);
        asOwnerTriggersOff(rechain(8));
        // Rewritten with SHA-256 (no key id this time: an unkeyed trail), the database alone verifies ...
        asOwnerTriggersOff("UPDATE portal.activity_log_seals SET key_id = NULL", "UPDATE portal.activity_log_checkpoints SET key_id = NULL");
        AuditVerification alone = log.verify();
        assertThat(alone.intact()).as("what an unkeyed chain cannot show: %s", alone).isTrue();
        // ... but not against the checkpoint the host kept, nor does the forged checkpoint row fool it.
        AuditVerification v = log.verify(null, newest);
        assertThat(v.firstBrokenPosition()).isEqualTo(12L);
        assertThat(v.problem()).contains("differs from the host's newest checkpoint");
        assertThat(log.checkpoints(0, 10)).extracting(AuditCheckpoint::position).contains(12L);
    }

    @Test
    void theNewestRowsRemovedWithTheirSealsAndCheckpointsAreReportedAgainstTheLastExportedCheckpoint() throws SQLException {
        ActivityLog log = sealedWithKeyA(5);
        write(log, 5, "b");
        log.seal();
        AuditCheckpoint newest = exported.get(exported.size() - 1);
        assertThat(newest.position()).isEqualTo(10);
        long firstGone = seqAt(8);
        asOwnerTriggersOff("DELETE FROM portal.activity_log_checkpoints WHERE position >= 8",
                "DELETE FROM portal.activity_log_seals WHERE position >= 8",
                "DELETE FROM portal.activity_logs WHERE seq >= " + firstGone,
                "INSERT INTO portal.activity_log_checkpoints (position, mac, key_id, sealed_at)"
                        + " SELECT position, mac, key_id, now() FROM portal.activity_log_seals WHERE position = 7");
        assertThat(log.verify().intact()).as("no sealed row is left to miss without the host's checkpoint").isTrue();
        AuditVerification v = log.verify(exported.get(0), newest);
        assertThat(v.intact()).isFalse();
        assertThat(v.firstBrokenPosition()).isEqualTo(8L);
        assertThat(v.problem()).contains("the chain ends at position 7 but the host's newest checkpoint is at position 10");
    }

    @Test
    void aRowInsertedInsideTheSealedRangeAndAMissingSealAreFound() throws SQLException {
        ActivityLog log = sealedWithKeyA(6);
        long third = seqAt(3);
        // A row slipped in with an old transaction id: it sorts inside the sealed chain.
        asOwnerTriggersOff("INSERT INTO portal.activity_logs (seq, txid, occurred_at, action) VALUES (-5, '1', now(), 'doc.planted')");
        AuditVerification planted = log.verify();
        assertThat(planted.firstBrokenSequence()).isEqualTo(-5L);
        assertThat(planted.problem()).contains("inserted behind the sealer's back");
        asOwnerTriggersOff("DELETE FROM portal.activity_logs WHERE seq = -5", "DELETE FROM portal.activity_log_checkpoints WHERE position = 3",
                "DELETE FROM portal.activity_log_seals WHERE position = 3");
        AuditVerification gap = log.verify();
        assertThat(gap.firstBrokenPosition()).isEqualTo(3L);
        assertThat(gap.problem()).contains("position 3 is missing");
        assertThat(third).isPositive();
    }

    // ---------------------------------------------------------------------------------------------
    // The sealer dies mid-batch

    @Test
    void aSealerKilledMidBatchLosesNothingAndTheNextRunGoesOn() throws Exception {
        Portal p = portal(b -> b.auditKeys(KEY_A));
        ActivityLog log = p.service(ActivityLog.class);
        write(log, 30, "a");
        log.seal();
        write(log, 40, "b");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection holder = db.directDataSource().getConnection();
             Connection admin = TestDatabases.server().adminDataSource(db.name()).getConnection()) {
            // Holds position 31, uncommitted: the sealer's INSERT of its batch waits on it, after its reads.
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.execute("INSERT INTO portal.activity_log_seals (position, txid, seq, core_digest, personal_digest, mac)"
                        + " VALUES (31, '0', -1, decode(repeat('00', 32), 'hex'), decode(repeat('00', 32), 'hex'),"
                        + " decode(repeat('00', 32), 'hex'))");
            }
            int holderPid = pid(holder);
            Future<SealResult> sealing = pool.submit(log::seal);
            int sealerPid = awaitBlockedBy(admin, holderPid, sealing);
            try (PreparedStatement ps = admin.prepareStatement("SELECT pg_terminate_backend(?)")) {
                ps.setInt(1, sealerPid);
                ps.execute();
            }
            assertThatThrownBy(sealing::get).hasCauseInstanceOf(PortalException.class);
            holder.rollback();
        } finally {
            pool.shutdownNow();
        }
        assertThat(Queries.number(db.directDataSource(), "SELECT count(*) FROM portal.activity_log_seals")).isEqualTo(30);
        SealResult next = log.seal();
        assertThat(next.rowsSealed()).isEqualTo(40);
        assertThat(next.checkpoint().position()).isEqualTo(70);
        AuditVerification v = log.verify(exported.get(0), next.checkpoint());
        assertThat(v.intact()).as(v.toString()).isTrue();
        assertThat(v.rowsChecked()).isEqualTo(40);
        assertThat(v.unsealedRows()).isZero();
    }

    static int pid(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    static int awaitBlockedBy(Connection admin, int holderPid, Future<?> operation) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            try (PreparedStatement ps = admin.prepareStatement("SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND wait_event_type = 'Lock' AND ? = ANY (pg_blocking_pids(pid))")) {
                ps.setInt(1, holderPid);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return rs.getInt(1);
                    }
                }
            }
            if (operation.isDone()) {
                operation.get();
                throw new AssertionError("the sealer finished without blocking on the held position");
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the sealer never blocked on the held position");
    }

    // ---------------------------------------------------------------------------------------------
    // Erasure

    @Test
    void erasingAPersonsDataKeepsTheChainVerifiableAndNamesTheRedactedRows() throws SQLException {
        ActivityLog log = portal(b -> b.auditKeys(KEY_A)).service(ActivityLog.class);
        UUID ann = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        CallContext asAnn = CallContext.of(ann, "192.168.1.7", "ann-browser");
        log.record(new AuditEvent("profile.updated", "user", ann, Map.of("email", "ann@old.example"),
                Map.of("email", "ann@example.com"), Map.of("reason", "moved")), asAnn);
        log.record(AuditEvent.of("doc.signed", "doc", UUID.randomUUID()).withMetadata(Map.of("note", "Ann's doc")), asAnn);
        log.record(new AuditEvent("user.role_changed", "user", ann, Map.of("role", "MEMBER"), Map.of("role", "ADMIN"), null),
                CallContext.of(bob, "10.1.1.1", "bob-browser"));
        log.record(AuditEvent.of("doc.signed", "doc", UUID.randomUUID()), CallContext.of(bob, "10.1.1.1", "bob-browser"));
        log.seal();
        // One more of Ann's, not sealed yet when erased: sealed afterwards in its erased form.
        log.record(AuditEvent.of("doc.viewed", "doc", UUID.randomUUID()), asAnn);

        assertThat(log.erasePersonalData(ann, CallContext.of(bob, "10.1.1.1", "bob-browser"))).isEqualTo(4);
        assertThat(log.erasePersonalData(ann, WHO)).as("nothing left: the erasure's own record is kept").isZero();
        log.seal();
        AuditVerification v = log.verify(exported.get(0), null);
        assertThat(v.intact()).as(v.toString()).isTrue();
        assertThat(v.redactedRows()).isEqualTo(1); // from the first checkpoint (position 4) on: rows 5, 6 and 7
        AuditVerification all = log.verify();
        assertThat(all.intact()).as(all.toString()).isTrue();
        assertThat(all.redactedRows()).isEqualTo(4);
        assertThat(all.redactedSequences()).containsExactly(1L, 2L, 3L, 5L);
        String text = Queries.everyText(db.directDataSource(), "portal");
        assertThat(text).doesNotContain("ann@old.example", "ann@example.com", "Ann's doc", "192.168.1.7", "ann-browser", "moved");
        // What happened stays: actions, actors, entities, times.
        assertThat(Queries.column(db.directDataSource(), "SELECT action FROM portal.activity_logs WHERE actor_id = ? ORDER BY seq",
                ann)).containsExactly("profile.updated", "doc.signed", "doc.viewed");
        assertThat(log.find(ActivityQuery.byActor(bob).withAction(ERASED), PageRequest.first(5)).items())
                .singleElement().satisfies(e -> assertThat(e.metadata()).containsEntry("rows", 4));

        // Erasure opens no other door: the table still refuses everything else, even with its flag set.
        try (Connection c = db.directDataSource().getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("SELECT set_config('portalkit.audit_erasure', 'on', true)");
            assertThatThrownBy(() -> s.execute("UPDATE portal.activity_logs SET action = 'doc.unsigned' WHERE actor_id = '" + bob
                    + "'")).hasMessageContaining("append-only");
            c.rollback();
            s.execute("SELECT set_config('portalkit.audit_erasure', 'on', true)");
            assertThatThrownBy(() -> s.execute("UPDATE portal.activity_logs SET actor_email = NULL, before = NULL, after = NULL,"
                    + " metadata = '{}', ip = NULL, user_agent = NULL WHERE actor_id = '" + bob + "'"))
                    .as("an erasure-shaped change of a row not listed as erased").hasMessageContaining("append-only");
            c.rollback();
            c.setAutoCommit(true);
            for (String sql : List.of("UPDATE portal.activity_logs SET metadata = '{}'", "DELETE FROM portal.activity_logs",
                    "TRUNCATE portal.activity_logs", "UPDATE portal.activity_log_seals SET mac = mac",
                    "DELETE FROM portal.activity_log_checkpoints", "TRUNCATE portal.activity_log_erasures")) {
                assertThatThrownBy(() -> s.execute(sql)).as(sql).hasMessageContaining("append-only");
            }
        }
        assertThat(log.verify().intact()).isTrue();
    }

    static final String ERASED = "audit.personal_data_erased";

    @Test
    void anErasedMarkOnARowThatStillHoldsDataIsReported() throws SQLException {
        ActivityLog log = sealedWithKeyA(3);
        long second = seqAt(2);
        asOwnerTriggersOff("INSERT INTO portal.activity_log_erasures (seq, subject_id) VALUES (" + second + ", gen_random_uuid())");
        AuditVerification v = log.verify();
        assertThat(v.firstBrokenSequence()).isEqualTo(second);
        assertThat(v.problem()).contains("listed as erased but its personal fields hold data");
    }

    // ---------------------------------------------------------------------------------------------
    // Migration from v1, key rotation

    @Test
    void aTrailWrittenByTheV1ChainIsSealedAfterTheMigrationAndVerifies() throws SQLException {
        TestDatabase old = TestDatabases.empty();
        try {
            DataSource ds = old.directDataSource();
            Flyway.configure().dataSource(ds).schemas("portal").defaultSchema("portal").createSchemas(true)
                    .table(MigrationRunner.historyTable(new CoreModule())).locations(CoreModule.MIGRATIONS)
                    .baselineOnMigrate(true).baselineVersion("0").target("3").load().migrate();
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                // Written the way the previous release wrote: the chain trigger numbers and hashes them.
                for (int i = 0; i < 20; i++) {
                    s.execute("INSERT INTO portal.activity_logs (occurred_at, actor_id, actor_email, action, metadata, ip, hash)"
                            + " VALUES (now(), gen_random_uuid(), 'old" + i + "@example.com', 'doc.signed', '{\"n\": " + i
                            + "}', '10.0.0.1', ''::bytea)");
                }
            }
            assertThat(Queries.number(ds, "SELECT count(*) FROM portal.activity_logs l"
                    + " WHERE l.hash = portal.activity_log_digest(l)")).as("the v1 chain is intact").isEqualTo(20);
            try (Portal p = Portal.builder().dataSource(old.dataSource()).migrationDataSource(ds).migration(MigrationMode.APPLY)
                    .backgroundSealing(false).auditKeys(KEY_A).build()) {
                ActivityLog log = p.service(ActivityLog.class);
                assertThat(log.verify().unsealedRows()).isEqualTo(20);
                write(log, 5, "new");
                assertThat(Queries.column(ds, "SELECT seq FROM portal.activity_logs ORDER BY seq DESC LIMIT 1"))
                        .containsExactly("25");
                SealResult sealed = log.seal();
                assertThat(sealed.rowsSealed()).isEqualTo(25);
                // The old rows first, in their v1 order.
                assertThat(Queries.column(ds, "SELECT seq FROM portal.activity_log_seals ORDER BY position LIMIT 20"))
                        .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 20).mapToObj(Long::toString).toList());
                AuditVerification v = log.verify(null, sealed.checkpoint());
                assertThat(v.intact()).as(v.toString()).isTrue();
                assertThat(v.rowsChecked()).isEqualTo(25);
            }
        } finally {
            TestDatabases.server().dropDatabase(old.name());
        }
    }

    @Test
    void keysRotateAndAVerifierWithoutTheOldKeyNamesWhereItsSealsStart() {
        ActivityLog withA = portal(b -> b.auditKeys(KEY_A)).service(ActivityLog.class);
        write(withA, 4, "a");
        withA.seal();
        ActivityLog rotated = portal(b -> b.auditKeys(KEY_B, KEY_A)).service(ActivityLog.class);
        write(rotated, 4, "b");
        assertThat(rotated.seal().checkpoint().keyId()).isEqualTo("host-key-b");
        AuditVerification both = rotated.verify();
        assertThat(both.intact()).as(both.toString()).isTrue();
        assertThat(both.rowsChecked()).isEqualTo(8);

        ActivityLog onlyB = portal(b -> b.auditKeys(KEY_B)).service(ActivityLog.class);
        AuditVerification v = onlyB.verify();
        assertThat(v.firstBrokenPosition()).isEqualTo(1L);
        assertThat(v.problem()).contains("sealed with key 'host-key-a', which this Portal was not given");
        // From a checkpoint after the rotation, B alone suffices.
        assertThat(onlyB.verify(exported.get(0), exported.get(1)).intact()).isTrue();
        // An unkeyed verifier cannot check keyed seals, and says so.
        assertThat(portal(b -> { }).service(ActivityLog.class).verify().problem()).contains("which this Portal was not given");
    }

    // ---------------------------------------------------------------------------------------------
    // Bad arguments, secrets

    @Test
    void nullAndExtremeArgumentsAreRefusedAndChangeNothing() {
        ActivityLog log = portal(b -> b.auditKeys(KEY_A)).service(ActivityLog.class);
        write(log, 2, "a");
        assertThatThrownBy(() -> log.erasePersonalData(null, WHO)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("subjectId");
        assertThatThrownBy(() -> log.erasePersonalData(UUID.randomUUID(), null)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("context");
        assertThatThrownBy(() -> log.checkpoints(-1, 10)).isInstanceOf(ValidationException.class).hasMessageContaining("afterPosition");
        assertThatThrownBy(() -> log.checkpoints(0, 0)).isInstanceOf(ValidationException.class).hasMessageContaining("limit");
        assertThatThrownBy(() -> log.checkpoints(0, 1001)).isInstanceOf(ValidationException.class).hasMessageContaining("limit");
        assertThat(log.checkpoints(Long.MAX_VALUE, 1000)).isEmpty();
        assertThat(log.verify(null, null).intact()).isTrue();
        assertThat(log.verify(new AuditCheckpoint(Long.MAX_VALUE, "00".repeat(32), java.time.Instant.EPOCH, null), null).problem())
                .contains("is not in the chain");
        assertThat(log.verify(null, new AuditCheckpoint(1, "00".repeat(32), java.time.Instant.EPOCH, null)).problem())
                .contains("newest checkpoint");
        assertThatThrownBy(() -> portalsFirst().inTransaction(() -> log.seal())).isInstanceOf(PortalException.class)
                .hasMessageContaining("cannot run inside a transaction");
        assertThat(Queries.number(db.directDataSource(), "SELECT count(*) FROM portal.activity_log_seals")).isZero();

        assertThatThrownBy(() -> AuditKey.of(null, SECRET_A)).isInstanceOf(ValidationException.class).hasMessageContaining("id");
        assertThatThrownBy(() -> AuditKey.of("", SECRET_A)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> AuditKey.of("x".repeat(101), SECRET_A)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> AuditKey.of("k", null)).isInstanceOf(ValidationException.class).hasMessageContaining("secret");
        assertThatThrownBy(() -> AuditKey.of("k", new byte[31])).isInstanceOf(ValidationException.class)
                .hasMessageContaining("at least 32 bytes");
        assertThatThrownBy(() -> new AuditCheckpoint(0, "00".repeat(32), java.time.Instant.EPOCH, null))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> new AuditCheckpoint(1, "zz".repeat(32), java.time.Instant.EPOCH, null))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> new AuditCheckpoint(1, "00", java.time.Instant.EPOCH, null)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> Portal.builder().dataSource(db.dataSource()).auditKeys(null).sealInterval(Duration.ZERO).build())
                .isInstanceOf(PortalConfigurationException.class)
                .hasMessageContaining("auditKeys(...) was given null").hasMessageContaining("sealInterval");
        assertThatThrownBy(() -> Portal.builder().dataSource(db.dataSource()).auditKeys(KEY_A, AuditKey.of("host-key-a", SECRET_B))
                .sealInterval(null).build())
                .isInstanceOf(PortalConfigurationException.class).hasMessageContaining("names a key id twice")
                .hasMessageContaining("sealInterval");
    }

    Portal portalsFirst() {
        return portals.get(0);
    }

    @Test
    void theKeyIsNeverStoredLoggedOrShown() throws Exception {
        String hex = HexFormat.of().formatHex(SECRET_A);
        String b64 = Base64.getEncoder().encodeToString(SECRET_A);
        String text;
        String config;
        try (CapturedErr err = CapturedErr.start()) {
            Portal p = portal(b -> b.auditKeys(KEY_A, KEY_B).backgroundSealing(true).sealInterval(Duration.ofMillis(20)));
            ActivityLog log = p.service(ActivityLog.class);
            write(log, 5, "a");
            log.seal();
            log.erasePersonalData(UUID.randomUUID(), WHO);
            log.verify();
            config = p.config().toString() + KEY_A + KEY_B;
            text = err.text();
        }
        String stored = Queries.everyText(db.directDataSource(), "portal");
        for (String secret : List.of(hex, b64, HexFormat.of().formatHex(SECRET_B), Base64.getEncoder().encodeToString(SECRET_B))) {
            assertThat(stored).doesNotContainIgnoringCase(secret);
            assertThat(text).doesNotContainIgnoringCase(secret);
            assertThat(config).doesNotContainIgnoringCase(secret);
        }
        assertThat(stored).contains("activity_log_seals.key_id=host-key-a");
        assertThat(config).contains("auditKeys=[host-key-a, host-key-b]").contains("AuditKey[id=host-key-a, secret=***]");
    }

    static byte[] random(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }
}
