package dev.portalkit.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.auth.NewUser;
import dev.portalkit.auth.UserService;
import dev.portalkit.content.CardInput;
import dev.portalkit.content.ResourceService;
import dev.portalkit.core.ActivityLog;
import dev.portalkit.core.AuditCheckpoint;
import dev.portalkit.core.AuditEvent;
import dev.portalkit.core.AuditKey;
import dev.portalkit.core.AuditVerification;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.MigrationMode;
import dev.portalkit.core.Portal;
import dev.portalkit.core.PortalModule;
import dev.portalkit.core.SealResult;
import dev.portalkit.core.Setting;
import dev.portalkit.core.SettingsService;
import dev.portalkit.testing.Queries;
import dev.portalkit.testing.Race;
import dev.portalkit.testing.TestData;
import dev.portalkit.testing.TestDatabase;
import dev.portalkit.testing.TestDatabases;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Issue #17: audited writes of every module from 8 threads, while two Portals (two instances of the
 * application) seal at the same time, in their background threads and on demand. Every committed
 * row is sealed exactly once, in one contiguous chain that verifies under the host's key; every
 * checkpoint reaches the host once; a rolled-back transaction leaves no row.
 */
class AuditSealingRaceIT {

    static final int THREADS = 8;
    static final int EACH = 1000;
    static final AuditKey KEY = AuditKey.of("race-key", random(32));

    @Test
    void everyCommittedRowOfEveryModuleIsSealedOnceWhileTwoPortalsSealAtOnce() throws Exception {
        List<PortalModule> modules = AllModules.list();
        TestDatabase db = TestDatabases.migrated("portal", modules);
        List<AuditCheckpoint> exported = new CopyOnWriteArrayList<>();
        List<Setting<?>> settings = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            settings.add(Setting.string("race.thread" + t, "none"));
        }
        Portal a = null;
        Portal b = null;
        try {
            a = open(db, AllModules.list(), settings, exported);
            b = open(db, AllModules.list(), settings, exported);
            Portal[] both = {a, b};
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicLong onDemand = new AtomicLong();
            Portal sealing = b;
            Thread demand = new Thread(() -> {
                while (writing.get()) {
                    onDemand.addAndGet(sealing.service(ActivityLog.class).seal().rowsSealed());
                }
            }, "on-demand-sealer");
            demand.start();

            List<Race.Outcome<Long>> outcomes = Race.run(THREADS, t -> () -> {
                Portal p = both[t % 2];
                @SuppressWarnings("unchecked")
                Setting<String> mine = (Setting<String>) settings.get(t);
                UUID me = p.service(UserService.class).register(NewUser.member(TestData.email("racer" + t),
                        "correct horse battery", "Racer " + t), CallContext.anonymous("10.0.0." + (t + 1), "race/" + t)).id();
                CallContext who = CallContext.of(me, "10.0.0." + (t + 1), "race/" + t);
                long rolledBack = 0;
                for (int k = 0; k < EACH; k++) {
                    switch (k % 4) {
                        case 0 -> p.service(UserService.class).register(
                                NewUser.member(TestData.email("race" + t + "k" + k), "correct horse battery", "R" + t), who);
                        case 1 -> p.service(SettingsService.class).set(mine, "v" + k, who);
                        case 2 -> p.service(ResourceService.class).create(CardInput.of("Race " + t + " " + k, "body"), who);
                        default -> {
                            if (k % 40 == 3) {
                                int kk = k;
                                assertThatThrownBy(() -> p.inTransaction(() -> {
                                    p.service(ActivityLog.class).record(AuditEvent.of("race.rolled_back", null, null)
                                            .withMetadata(Map.of("marker", "rolled-back")), who);
                                    p.service(UserService.class).register(NewUser.member(
                                            TestData.email("rollback" + t + "k" + kk), "correct horse battery", "X"), who);
                                    throw new IllegalStateException("host gives up");
                                })).hasMessage("host gives up");
                                rolledBack++;
                            } else {
                                p.service(ActivityLog.class).record(AuditEvent.of("race.recorded", null, null)
                                        .withMetadata(Map.of("t", t, "k", k)), who);
                            }
                        }
                    }
                }
                return rolledBack;
            });
            writing.set(false);
            demand.join();
            long rolledBack = 0;
            for (Race.Outcome<Long> o : outcomes) {
                rolledBack += o.value();
            }
            assertThat(rolledBack).isEqualTo(THREADS * (EACH / 40));

            SealResult lastA = a.service(ActivityLog.class).seal();
            SealResult lastB = b.service(ActivityLog.class).seal();
            assertThat(lastA.rowsSealed() + lastB.rowsSealed()).as("the last seal finds at most the tail").isLessThan(10_000);

            var ds = db.directDataSource();
            long rows = Queries.number(ds, "SELECT count(*) FROM portal.activity_logs");
            assertThat(rows).as("every committed write audited").isGreaterThanOrEqualTo(THREADS * (EACH - EACH / 40));
            assertThat(Queries.number(ds, "SELECT count(*) FROM portal.activity_log_seals")).isEqualTo(rows);
            assertThat(Queries.number(ds, "SELECT count(*) FROM portal.activity_log_seals WHERE position BETWEEN 1 AND ?", rows))
                    .as("positions 1..n, no gap").isEqualTo(rows);
            assertThat(Queries.number(ds, "SELECT count(*) FROM portal.activity_logs l"
                    + " WHERE NOT EXISTS (SELECT 1 FROM portal.activity_log_seals s WHERE s.seq = l.seq)")).isZero();
            assertThat(Queries.number(ds, "SELECT count(DISTINCT seq) FROM portal.activity_log_seals")).isEqualTo(rows);
            // Seal order is (txid, seq): strictly increasing along the positions.
            assertThat(Queries.number(ds, "SELECT count(*) FROM (SELECT (txid, seq) > lag((txid, seq)) OVER (ORDER BY position)"
                    + " AS up FROM portal.activity_log_seals) o WHERE NOT up")).isZero();
            assertThat(Queries.number(ds, "SELECT count(*) FROM portal.activity_logs WHERE metadata->>'marker' = 'rolled-back'"
                    + " OR action = 'race.rolled_back'")).isZero();
            assertThat(Queries.number(ds, "SELECT count(*) FROM portal.users WHERE email LIKE 'rollback%'")).isZero();
            assertThat(Queries.number(ds, "SELECT count(DISTINCT key_id) FROM portal.activity_log_seals")).isEqualTo(1);

            // Each checkpoint reached the host once, from whichever Portal sealed it.
            List<Long> inDb = Queries.column(ds, "SELECT position FROM portal.activity_log_checkpoints ORDER BY position")
                    .stream().map(Long::valueOf).toList();
            assertThat(exported.stream().map(AuditCheckpoint::position).sorted().toList()).isEqualTo(inDb);
            assertThat(inDb.get(inDb.size() - 1)).isEqualTo(rows);

            AuditCheckpoint newest = exported.stream().max((x, y) -> Long.compare(x.position(), y.position())).orElseThrow();
            AuditVerification v = a.service(ActivityLog.class).verify(null, newest);
            assertThat(v.intact()).as(v.toString()).isTrue();
            assertThat(v.rowsChecked()).isEqualTo(rows);
            assertThat(v.unsealedRows()).isZero();
            assertThat(v.keyed()).isTrue();
        } finally {
            if (b != null) {
                b.close();
            }
            AllModules.close(a, db);
        }
    }

    static Portal open(TestDatabase db, List<PortalModule> modules, List<Setting<?>> settings, List<AuditCheckpoint> exported) {
        return Portal.builder().jdbcUrl(db.jdbcUrl()).username(db.username()).password(db.password())
                .migration(MigrationMode.NONE).minimumIdle(0).maximumPoolSize(6).settings(settings.toArray(Setting<?>[]::new))
                .auditKeys(KEY).backgroundSealing(true).sealInterval(Duration.ofMillis(20)).onAuditCheckpoint(exported::add)
                .install(modules.toArray(PortalModule[]::new)).build();
    }

    static byte[] random(int n) {
        byte[] bytes = new byte[n];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
