package dev.portalkit.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.portalkit.core.CoreError;
import dev.portalkit.core.MigrationMode;
import dev.portalkit.core.Portal;
import dev.portalkit.core.PortalException;
import dev.portalkit.testing.TestClock;
import dev.portalkit.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The restore the README warns about: {@code pg_dump -n portal} never dumps extensions, so
 * btree_gist (which lives in the portal schema) is missing from the restore, psql (ON_ERROR_STOP
 * off, as a careless restore runs) prints {@code data type uuid has no default operator class for
 * access method "gist"} and goes on, and {@code bookings_no_overlap} is silently gone while every
 * row is there. A Portal must refuse to start on that database, with VALIDATE and with APPLY,
 * naming the constraint ({@code CoreError.SCHEMA_INCOMPLETE}, PK-1005). Skipped or required as
 * {@link BackupRestoreIT} is.
 */
class SchemaOnlyDumpIT {

    static final TestClock clock = new TestClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    @RegisterExtension
    static final BackupSource.PerClass backup = new BackupSource.PerClass(clock);

    static BackupSource source;
    static TestDatabase restored;
    static PgTools.Result psql;

    @BeforeAll
    static void dumpWithoutTheExtensionAndRestore() {
        if (backup.skipped()) {
            return;
        }
        source = backup.source();
        Path dump = source.file("schema-only.sql");
        source.pg.dumpSchema(source.db, PopulatedPortal.SCHEMA, null, dump);
        restored = source.newDatabase();
        psql = source.pg.psql(dump, restored, false);
        System.out.println("SchemaOnlyDumpIT: psql without ON_ERROR_STOP printed, as expected:\n" + psql.stderr());
    }

    @Test
    void theRestoreSilentlyLosesTheExclusionConstraintAndNothingElse() {
        assertThat(psql.exitCode()).as("psql without ON_ERROR_STOP ends successfully: " + psql.stderr()).isZero();
        assertThat(psql.stderr()).as("what psql printed").contains("no default operator class for access method \"gist\"");
        assertThat(source.missingObjects(restored)).as("schema objects the schema-only restore lost").containsExactlyInAnyOrder(
                "extension btree_gist",
                "constraint portal.bookings bookings_no_overlap",
                "index portal.bookings_no_overlap");
        assertThat(source.extraObjects(restored)).as("schema objects the source does not have").isEmpty();
        source.assertSameRows(restored, "pg_dump -n portal, psql"); // every row is there: the loss is silent
    }

    @ParameterizedTest
    @EnumSource(value = MigrationMode.class, names = {"VALIDATE", "APPLY"})
    void aPortalRefusesToStartOnItNamingTheConstraint(MigrationMode mode) {
        Throwable thrown = catchThrowable(() -> {
            try (Portal started = PopulatedPortal.open(restored, mode, clock)) {
                // Reaching this line is the defect: the Portal would take overlapping bookings.
            }
        });
        assertThat(thrown).as("build() with " + mode + " on a restore that lacks bookings_no_overlap (null: the Portal"
                + " started, and would take overlapping bookings)").isInstanceOf(PortalException.class);
        PortalException e = (PortalException) thrown;
        assertThat(e.code()).as("error code of: " + e.getMessage()).isEqualTo(CoreError.SCHEMA_INCOMPLETE);
        assertThat(e.getMessage()).as("the start-up error names the lost constraint").contains("bookings_no_overlap");
    }
}
