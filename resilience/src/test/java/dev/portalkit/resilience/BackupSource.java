package dev.portalkit.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalkit.core.ActivityLog;
import dev.portalkit.core.AuditVerification;
import dev.portalkit.core.MigrationMode;
import dev.portalkit.core.Portal;
import dev.portalkit.testing.TestDatabase;
import dev.portalkit.testing.TestDatabases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The database a backup test dumps: migrated by the test kit, populated through a Portal
 * ({@link PopulatedPortal}), then photographed (every table's rows, every schema object, what the
 * services read, the audit chain) so a restore can be compared with it. Owns every database and
 * dump file made from it and removes them on {@link #close()}.
 */
final class BackupSource implements AutoCloseable {

    final PgTools pg;
    final TestDatabase db;
    final Portal portal;
    final PopulatedPortal data;
    final Map<String, Tables.State> rows;
    final Set<String> objects;
    final Map<String, Object> reads;
    final AuditVerification audit;
    private final Path dumps;
    private final List<TestDatabase> created = new ArrayList<>();

    /**
     * Skips (or fails, under {@value PgTools#REQUIRE}) before creating anything when there is no
     * server or no usable pg_dump; otherwise a populated database.
     */
    static BackupSource start(Clock clock) {
        PgTools pg = PgTools.locate();
        TestDatabase db = TestDatabases.migrated(PopulatedPortal.SCHEMA, List.of(PopulatedPortal.modules()));
        Portal portal = null;
        try {
            pg.checkServer(db);
            // As if this database had moved cluster once already (core V6, activity_logs_rebase): its
            // audit rows' ids carry a shift, so the shift table has a row for the restores to keep too.
            try (java.sql.Connection c = db.directDataSource().getConnection(); java.sql.Statement st = c.createStatement()) {
                st.execute("INSERT INTO " + PopulatedPortal.SCHEMA + ".activity_log_txid_shifts (shift, above) VALUES (1000, '0')");
                st.execute("ALTER TABLE " + PopulatedPortal.SCHEMA + ".activity_logs ALTER COLUMN txid"
                        + " SET DEFAULT (pg_current_xact_id()::text::numeric + 1000)::text::xid8");
                // As if retention (core V11, AuditRetention) had removed an empty month once: the removals
                // table has a row for the restores to keep too (no positions, so verify() never needs it).
                st.execute("INSERT INTO " + PopulatedPortal.SCHEMA + ".activity_log_removals (id, partition_name, range_from,"
                        + " range_to, row_count, positions, through_position, archived) VALUES (gen_random_uuid(),"
                        + " 'activity_logs_1999_01', '1999-01-01Z', '1999-02-01Z', 0, '{}', 1, false)");
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("shifting the source's audit ids: " + e.getMessage(), e);
            }
            // The template is migrated already, as in PortalExtension.
            portal = PopulatedPortal.open(db, MigrationMode.NONE, clock);
            return new BackupSource(pg, db, portal, new PopulatedPortal(portal, clock));
        } catch (RuntimeException | Error e) {
            if (portal != null) {
                portal.close();
            }
            PgTools.drop(db);
            throw e;
        }
    }

    private BackupSource(PgTools pg, TestDatabase db, Portal portal, PopulatedPortal data) {
        this.pg = pg;
        this.db = db;
        this.portal = portal;
        this.data = data;
        Tables tables = new Tables(db.directDataSource());
        this.rows = tables.snapshot();
        this.objects = tables.objects();
        this.reads = data.readBack(portal);
        this.audit = portal.service(ActivityLog.class).verify();
        assertThat(rows.entrySet().stream().filter(e -> e.getValue().rows() == 0).map(Map.Entry::getKey))
                .as("PortalKit tables the population left empty: restoring them would prove nothing").isEmpty();
        assertThat(objects).as("schema objects of the source").contains("constraint portal.bookings bookings_no_overlap",
                "extension btree_gist");
        assertThat(audit.intact()).as("the source's audit chain: " + audit).isTrue();
        try {
            this.dumps = Files.createTempDirectory("portalkit-backup-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A path for a dump file, removed on {@link #close()}. */
    Path file(String name) {
        return dumps.resolve(name);
    }

    /** A new empty database on the same server ({@code createdb}), dropped on {@link #close()}. */
    TestDatabase newDatabase() {
        TestDatabase d = pg.createDatabase(db);
        created.add(d);
        return d;
    }

    /** The restore holds the same tables, with the same row counts and the same content, as the source. */
    void assertSameRows(TestDatabase restored, String how) {
        Map<String, Tables.State> after = new Tables(restored.directDataSource()).snapshot();
        assertThat(after.keySet()).as(how + ": PortalKit tables").containsExactlyElementsOf(rows.keySet());
        assertThat(Tables.counts(after)).as(how + ": row counts per table").isEqualTo(Tables.counts(rows));
        assertThat(Tables.changed(rows, after)).as(how + ": tables whose content differs from the source").isEmpty();
    }

    /** Schema objects of the source that the restore lacks. */
    Set<String> missingObjects(TestDatabase restored) {
        Set<String> missing = new TreeSet<>(objects);
        missing.removeAll(new Tables(restored.directDataSource()).objects());
        return missing;
    }

    /** Schema objects of the restore that the source lacks. */
    Set<String> extraObjects(TestDatabase restored) {
        Set<String> extra = new TreeSet<>(new Tables(restored.directDataSource()).objects());
        extra.removeAll(objects);
        return extra;
    }

    /** Drops the restored databases and the source, and deletes the dumps. */
    @Override
    public void close() {
        try {
            portal.close();
        } finally {
            created.forEach(PgTools::drop);
            PgTools.drop(db);
            try (Stream<Path> files = Files.walk(dumps)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * A test class's source, as a static {@code @RegisterExtension}: started before the class's
     * {@code @BeforeAll} methods (or the reason its tests are skipped noted, see {@link PgTools#skipReason}),
     * each test skipped with that reason, the source closed after the class.
     */
    static final class PerClass implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

        private final Clock clock;
        private BackupSource source;
        private String skipped;

        PerClass(Clock clock) {
            this.clock = clock;
        }

        BackupSource source() {
            return source;
        }

        /** Whether the class's tests are skipped (no server, no usable pg_dump). */
        boolean skipped() {
            return skipped != null;
        }

        @Override
        public void beforeAll(ExtensionContext context) {
            skipped = PgTools.skipReason(() -> source = start(clock));
        }

        @Override
        public void beforeEach(ExtensionContext context) {
            Assumptions.assumeTrue(skipped == null, skipped);
        }

        @Override
        public void afterAll(ExtensionContext context) {
            if (source != null) {
                source.close();
            }
        }
    }
}
