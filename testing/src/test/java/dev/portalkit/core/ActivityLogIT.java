package dev.portalkit.core;

import static dev.portalkit.core.MigrationIT.exec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.TestDatabase;
import dev.portalkit.testing.TestDatabases;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ActivityLogIT {

    @RegisterExtension
    static final PortalExtension kit = PortalExtension.core();

    ActivityLog log() {
        return kit.portal().service(ActivityLog.class);
    }

    @Test
    void findFiltersByActorEntityActionAndTimeAndPagesWithACursor() {
        UUID actor = UUID.randomUUID();
        UUID entity = UUID.randomUUID();
        Instant start = Instant.now().minusSeconds(1);
        for (int i = 0; i < 25; i++) {
            log().record(new AuditEvent(i % 2 == 0 ? "report.exported" : "report.viewed", "report", entity,
                    null, null, Map.of("i", i)), CallContext.of(actor, "192.168.1.7", "browser"));
        }
        log().record(AuditEvent.of("report.viewed", "report", UUID.randomUUID()), CallContext.system("other"));

        List<ActivityEntry> all = new ArrayList<>();
        PageRequest request = PageRequest.first(10);
        Page<ActivityEntry> page;
        int pages = 0;
        do {
            page = log().find(ActivityQuery.byActor(actor), request);
            all.addAll(page.items());
            request = request.next(page);
            pages++;
        } while (page.hasNext());
        assertThat(pages).isEqualTo(3);
        assertThat(all).hasSize(25);
        assertThat(all).extracting(ActivityEntry::sequence).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(new HashSet<>(all.stream().map(ActivityEntry::id).toList())).hasSize(25);
        assertThat(all.get(0).metadata()).containsEntry("i", 24);

        assertThat(log().find(ActivityQuery.byEntity("report", entity).withAction("report.exported"),
                PageRequest.first(100)).items()).hasSize(13);
        assertThat(log().find(ActivityQuery.byActor(actor).between(start, Instant.now().plusSeconds(5)),
                PageRequest.first(100)).items()).hasSize(25);
        assertThat(log().find(ActivityQuery.byActor(actor).between(Instant.now().plusSeconds(60), Instant.now().plusSeconds(120)),
                PageRequest.first(100)).items()).isEmpty();
        assertThatThrownBy(() -> log().find(ActivityQuery.all(), new PageRequest("not-a-cursor!", 10)))
                .isInstanceOf(ValidationException.class).hasMessageContaining("cursor");
    }

    /** The triggers hold against the schema's owner too (and the runtime role lacks the rights: LeastPrivilegeIT). */
    @Test
    void theDatabaseRefusesUpdateDeleteAndTruncate() throws SQLException {
        log().record(AuditEvent.of("thing.done", null, null), CallContext.system("t"));
        try (Connection c = kit.database().directDataSource().getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            assertThatThrownBy(() -> s.execute("UPDATE portal.activity_logs SET action = 'thing.undone'"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
            assertThatThrownBy(() -> s.execute("DELETE FROM portal.activity_logs"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
            assertThatThrownBy(() -> s.execute("TRUNCATE portal.activity_logs"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
        }
        assertThat(log().verify().intact()).isTrue();
    }

    @Test
    void secretsNeverReachTheTrail() {
        UUID actor = UUID.randomUUID();
        log().record(new AuditEvent("user.password_changed", "user", actor,
                Map.of("passwordHash", "$2a$12$abc"), Map.of("password", "hunter2hunter2", "nested", Map.of("apiKey", "k-123"),
                "name", "Ann"), null), CallContext.of(actor, null, null));
        ActivityEntry e = log().find(ActivityQuery.byActor(actor), PageRequest.first(1)).items().get(0);
        assertThat(e.toString()).doesNotContain("hunter2", "$2a$12$abc", "k-123").contains("Ann");
    }

    @Test
    void concurrentWritersKeepOneUnbrokenChain() throws Exception {
        int threads = 8;
        int each = 25;
        CyclicBarrier barrier = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            done.add(pool.submit(() -> {
                barrier.await();
                for (int i = 0; i < each; i++) {
                    log().record(AuditEvent.of("race.step", null, null).withMetadata(Map.of("t", id, "i", i)),
                            CallContext.system("race"));
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        log().seal();
        AuditVerification v = log().verify();
        assertThat(v.intact()).as(v.toString()).isTrue();
        assertThat(v.rowsChecked()).isGreaterThanOrEqualTo(threads * each);
        assertThat(v.unsealedRows()).as(v.toString()).isZero();
    }

    /** Since V4 an UPDATE meets two triggers (the statement's and erasure's row check): the owner switches off both. */
    private static final String OFF = "ALTER TABLE portal.activity_logs DISABLE TRIGGER USER; ";
    private static final String ON = "; ALTER TABLE portal.activity_logs ENABLE TRIGGER USER";

    @Test
    void verifyFindsARowChangedOrRemovedBehindTheTriggersBack() throws SQLException {
        TestDatabase own = TestDatabases.migrated("portal", List.of());
        try (Portal portal = Portal.builder().dataSource(own.dataSource()).migration(MigrationMode.NONE)
                .backgroundSealing(false).build()) {
            ActivityLog log = portal.service(ActivityLog.class);
            for (int i = 0; i < 5; i++) {
                log.record(AuditEvent.of("doc.signed", null, null).withMetadata(Map.of("n", i)), CallContext.system("t"));
            }
            AuditVerification unsealed = log.verify();
            assertThat(unsealed.intact()).as(unsealed.toString()).isTrue();
            assertThat(unsealed.rowsChecked()).isZero();
            assertThat(unsealed.unsealedRows()).isEqualTo(5);
            assertThat(log.seal().rowsSealed()).isEqualTo(5);
            AuditVerification sealed = log.verify();
            assertThat(sealed).extracting(AuditVerification::rowsChecked, AuditVerification::firstBrokenSequence,
                    AuditVerification::problem, AuditVerification::unsealedRows).containsExactly(5L, null, null, 0L);
            assertThat(sealed.end().position()).isEqualTo(5);

            // The owner (or a superuser) can switch the triggers off; the chain still tells.
            exec(own.directDataSource(), OFF + "UPDATE portal.activity_logs SET metadata = '{\"n\": 99}' WHERE seq = 3" + ON);
            AuditVerification changed = log.verify();
            assertThat(changed.intact()).isFalse();
            assertThat(changed.firstBrokenSequence()).isEqualTo(3L);
            assertThat(changed.firstBrokenPosition()).isEqualTo(3L);
            assertThat(changed.problem()).contains("changed");

            exec(own.directDataSource(), OFF + "UPDATE portal.activity_logs SET metadata = '{\"n\": 2}' WHERE seq = 3; "
                    + "DELETE FROM portal.activity_logs WHERE seq = 2" + ON);
            AuditVerification removed = log.verify();
            assertThat(removed.firstBrokenSequence()).isEqualTo(2L);
            assertThat(removed.problem()).contains("deleted");

            exec(own.directDataSource(), OFF + "DELETE FROM portal.activity_logs WHERE seq = 5" + ON);
            assertThat(log.verify().problem()).isNotNull();
        } finally {
            TestDatabases.server().dropDatabase(own.name());
        }
    }

    @Test
    void anEventRecordedInAFailedTransactionIsNotKept() {
        UUID actor = UUID.randomUUID();
        assertThatThrownBy(() -> kit.portal().inTransaction(() -> {
            log().record(AuditEvent.of("order.placed", null, null), CallContext.of(actor, null, null));
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(log().find(ActivityQuery.byActor(actor), PageRequest.first(5)).items()).isEmpty();
    }

    @Test
    void badEventsAreValidationErrors() {
        assertThatThrownBy(() -> AuditEvent.of("Not An Action", null, null)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> AuditEvent.of("ok.action", "Bad Type", null)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> CallContext.of(null, "999.1.1.1", null)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("ip");
        assertThat(CallContext.anonymous(null, "x".repeat(5000) + "\0").userAgent()).hasSize(512);
        Set<String> ok = Set.of("10.0.0.1", "::1", "2001:db8::ff00:42:8329");
        ok.forEach(ip -> assertThat(CallContext.anonymous(ip, null).ip()).isEqualTo(ip));
    }
}
