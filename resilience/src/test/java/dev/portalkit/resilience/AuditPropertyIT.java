package dev.portalkit.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.core.ActivityLog;
import dev.portalkit.core.AuditEvent;
import dev.portalkit.core.AuditKey;
import dev.portalkit.core.AuditVerification;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.MigrationMode;
import dev.portalkit.core.Portal;
import dev.portalkit.testing.Queries;
import dev.portalkit.testing.TestDatabase;
import dev.portalkit.testing.TestDatabases;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;

/**
 * The audit trail's invariant under any order of committed writes, rolled-back writes, on-demand
 * seals and erasures, while the Portal's background sealer runs every 10 ms: the trail verifies
 * under the key after every step, a rolled-back transaction leaves no row, and after a final seal
 * every committed row is sealed exactly once.
 */
class AuditPropertyIT {

    static final AuditKey KEY = AuditKey.of("property-key", AuditSealingRaceIT.random(32));
    static final CallContext WHO = CallContext.system("audit-property");
    static TestDatabase db;
    static Portal portal;

    @BeforeContainer
    static void start() {
        db = TestDatabases.migrated("portal", List.of());
        portal = Portal.builder().jdbcUrl(db.jdbcUrl()).username(db.username()).password(db.password())
                .migration(MigrationMode.NONE).minimumIdle(0).auditKeys(KEY).backgroundSealing(true)
                .sealInterval(Duration.ofMillis(10)).build();
    }

    @AfterContainer
    static void stop() {
        AllModules.close(portal, db);
    }

    static ActivityLog log() {
        return portal.service(ActivityLog.class);
    }

    @Property(tries = 40)
    void anyOrderOfWritesRollbacksSealsAndErasuresVerifiesAndSealsEveryCommittedRowOnce(
            @ForAll("chains") ActionChain<World> chain) {
        World end = chain.withInvariant("verifies", World::check).run();
        log().seal();
        end.check();
        var ds = db.directDataSource();
        long rows = Queries.number(ds, "SELECT count(*) FROM portal.activity_logs");
        assertThat(Queries.number(ds, "SELECT count(*) FROM portal.activity_log_seals")).isEqualTo(rows);
        assertThat(Queries.number(ds, "SELECT count(*) FROM portal.activity_log_seals WHERE position BETWEEN 1 AND ?", rows))
                .isEqualTo(rows);
        AuditVerification v = log().verify();
        assertThat(v.rowsChecked()).as(v.toString()).isEqualTo(rows);
        assertThat(v.unsealedRows()).isZero();
        for (Map.Entry<UUID, Long> erased : end.erased) {
            assertThat(Queries.number(ds, "SELECT count(*) FROM portal.activity_logs WHERE actor_id = ? AND seq <= ? AND"
                    + " (actor_email IS NOT NULL OR ip IS NOT NULL OR user_agent IS NOT NULL OR metadata <> '{}')",
                    erased.getKey(), erased.getValue())).as("rows of %s written before its erasure", erased).isZero();
        }
    }

    @Provide
    Arbitrary<ActionChain<World>> chains() {
        Arbitrary<Integer> who = Arbitraries.integers().between(0, 2);
        return ActionChain.startWith(World::new)
                .withAction(6, action(Arbitraries.integers().between(1, 5).flatMap(n -> who.map(a ->
                        Transformer.mutate("write " + n + " as " + a, w -> w.write(n, a))))))
                .withAction(3, action(who.map(a -> Transformer.mutate("roll back as " + a, w -> w.rollBack(a)))))
                .withAction(2, Action.just(Transformer.mutate("seal", w -> log().seal())))
                .withAction(1, action(who.map(a -> Transformer.mutate("erase " + a, w -> w.erase(a)))))
                .withMaxTransformations(12);
    }

    private static Action.Independent<World> action(Arbitrary<Transformer<World>> transformers) {
        return () -> transformers;
    }

    static final class World {
        final List<UUID> actors = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        final List<String> rolledBack = new ArrayList<>();
        /** Each erasure: whose, and the newest seq when it ran. */
        final List<Map.Entry<UUID, Long>> erased = new ArrayList<>();

        void write(int n, int actor) {
            CallContext as = CallContext.of(actors.get(actor), "10.9.8." + (actor + 1), "property/" + actor);
            portal.inTransaction(() -> {
                for (int i = 0; i < n; i++) {
                    log().record(AuditEvent.of("property.written", null, null).withMetadata(Map.of("i", i)), as);
                }
            });
        }

        void rollBack(int actor) {
            String marker = UUID.randomUUID().toString();
            rolledBack.add(marker);
            assertThatThrownBy(() -> portal.inTransaction(() -> {
                log().record(AuditEvent.of("property.rolled_back", null, null).withMetadata(Map.of("m", marker)),
                        CallContext.of(actors.get(actor), null, null));
                throw new IllegalStateException("rolled back");
            })).hasMessage("rolled back");
        }

        void erase(int actor) {
            log().erasePersonalData(actors.get(actor), WHO);
            erased.add(Map.entry(actors.get(actor),
                    Queries.number(db.directDataSource(), "SELECT coalesce(max(seq), 0) FROM portal.activity_logs")));
        }

        void check() {
            AuditVerification v = log().verify();
            assertThat(v.intact()).as(v.toString()).isTrue();
            for (String m : rolledBack) {
                assertThat(Queries.number(db.directDataSource(), "SELECT count(*) FROM portal.activity_logs"
                        + " WHERE metadata->>'m' = ?", m)).isZero();
            }
        }
    }
}
