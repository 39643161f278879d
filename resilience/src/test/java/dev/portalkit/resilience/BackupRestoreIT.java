package dev.portalkit.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.portalkit.auth.AuthService;
import dev.portalkit.auth.Authenticated;
import dev.portalkit.auth.InvalidCredentialsException;
import dev.portalkit.auth.Login;
import dev.portalkit.billing.BillingError;
import dev.portalkit.billing.booking.Booking;
import dev.portalkit.billing.booking.BookingConflictException;
import dev.portalkit.billing.booking.BookingService;
import dev.portalkit.billing.booking.BookingStatus;
import dev.portalkit.billing.booking.NewBooking;
import dev.portalkit.core.ActivityLog;
import dev.portalkit.core.AuditVerification;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.MigrationMode;
import dev.portalkit.core.Portal;
import dev.portalkit.resilience.PopulatedPortal.Account;
import dev.portalkit.testing.TestClock;
import dev.portalkit.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The README's "Backup and restore", with PostgreSQL's own client programs against the test kit's
 * server: a database with a row in every PortalKit table, dumped whole ({@code pg_dump -Fc},
 * {@code pg_restore}) or as its schema with the btree_gist extension ({@code pg_dump -n portal -e
 * btree_gist}, {@code psql}), restored into a new database, holds the same rows and schema objects,
 * and a Portal started on it with {@code VALIDATE} reads the same values, takes the old session
 * tokens and passwords, verifies the audit chain and refuses an overlapping booking. Skipped with
 * the reason printed where the test kit runs no server or pg_dump is older than it, unless
 * {@code PORTALKIT_REQUIRE_BACKUP_TEST=true} (CI's pass on the PostgreSQL server).
 */
class BackupRestoreIT {

    static final TestClock clock = new TestClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    static final CallContext WHO = CallContext.anonymous("203.0.113.8", "JUnit after the restore");
    @RegisterExtension
    static final BackupSource.PerClass backup = new BackupSource.PerClass(clock);

    BackupSource source;

    @BeforeEach
    void source() {
        source = backup.source();
    }

    @Test
    void aWholeDatabaseDumpRestoredWithPgRestoreStartsAWorkingPortal() {
        Path dump = source.file("whole.dump");
        source.pg.dumpDatabase(source.db, dump);
        TestDatabase restored = source.newDatabase();
        source.pg.restore(dump, restored);
        assertRestoredPortalWorks(restored, "pg_dump -Fc, pg_restore");
    }

    @Test
    void aSchemaDumpThatIncludesTheExtensionRestoredWithPsqlStartsAWorkingPortal() {
        Path dump = source.file("schema-with-extension.sql");
        source.pg.dumpSchema(source.db, PopulatedPortal.SCHEMA, "btree_gist", dump);
        TestDatabase restored = source.newDatabase();
        source.pg.psql(dump, restored, true); // ON_ERROR_STOP=1: any error fails the restore
        assertRestoredPortalWorks(restored, "pg_dump -n portal -e btree_gist, psql");
    }

    private void assertRestoredPortalWorks(TestDatabase restored, String how) {
        source.assertSameRows(restored, how);
        assertThat(source.missingObjects(restored)).as(how + ": schema objects lost").isEmpty();
        assertThat(source.extraObjects(restored)).as(how + ": schema objects the source does not have").isEmpty();

        PopulatedPortal data = source.data;
        try (Portal portal = PopulatedPortal.open(restored, MigrationMode.VALIDATE, clock)) {
            Map<String, Object> reads = data.readBack(portal);
            source.reads.forEach((what, before) -> assertThat(reads.get(what)).as(how + ": " + what + " read back")
                    .isEqualTo(before));
            ActivityLog log = portal.service(ActivityLog.class);
            AuditVerification audit = log.verify();
            assertThat(audit.intact()).as(how + ": audit chain of the restore: " + audit).isTrue();
            assertThat(audit.rowsChecked()).as(how + ": audit rows checked").isEqualTo(source.audit.rowsChecked());

            AuthService auth = portal.service(AuthService.class);
            for (Account a : List.of(data.admin, data.customer, data.provider)) {
                assertThat(auth.authenticate(a.token()).map(x -> x.user().id()))
                        .as(how + ": the session token of " + a.email() + " from before the dump").contains(a.user().id());
            }
            assertThat(auth.authenticate(data.rememberMeToken).map(Authenticated::session).map(s -> s.rememberMe()))
                    .as(how + ": the remember-me session from before the dump").contains(true);
            assertThat(auth.authenticate(data.loggedOutToken))
                    .as(how + ": a token logged out before the dump stays logged out").isEmpty();
            for (Account a : List.of(data.admin, data.customer, data.provider)) {
                Login login = auth.login(a.email(), a.password(), false, WHO);
                assertThat(login.user().id()).as(how + ": login of " + a.email() + " with its old password")
                        .isEqualTo(a.user().id());
                assertThat(auth.authenticate(login.token())).as(how + ": a session begun after the restore").isPresent();
            }
            assertThat(catchThrowable(() -> auth.login(data.customer.email(), data.customer.password() + "!", false, WHO)))
                    .as(how + ": a wrong password after the restore").isInstanceOf(InvalidCredentialsException.class);

            BookingService bookings = portal.service(BookingService.class);
            for (Booking b : List.of(data.pending, data.confirmed)) {
                NewBooking overlap = NewBooking.of(data.admin.user().id(), b.providerId(),
                        b.startsAt().plus(Duration.ofMinutes(30)), b.endsAt().plus(Duration.ofMinutes(30)), "UTC", "Overlap");
                assertThat(catchThrowable(() -> bookings.book(overlap, WHO)))
                        .as(how + ": a booking overlapping the restored " + b.status() + " one at " + b.startsAt())
                        .isInstanceOfSatisfying(BookingConflictException.class,
                                e -> assertThat(e.code()).isEqualTo(BillingError.BOOKING_CONFLICT));
            }
            // Right after the pending one ([10:00, 11:00) and [11:00, 12:00) do not overlap): the
            // refusals above were about the overlap, not about anything else in the restore.
            Booking next = bookings.book(NewBooking.of(data.admin.user().id(), data.pending.providerId(),
                    data.pending.endsAt(), data.pending.endsAt().plus(Duration.ofHours(1)), "UTC", "Next"), WHO);
            assertThat(next.status()).as(how + ": a booking in the free hour after the restored one")
                    .isEqualTo(BookingStatus.PENDING);

            assertThat(log.seal().rowsSealed()).as(how + ": the restore's new audit rows sealed").isPositive();
            AuditVerification after = log.verify();
            assertThat(after.intact()).as(how + ": audit chain after writes on the restore: " + after).isTrue();
            assertThat(after.rowsChecked()).as(how + ": the restore's new audit rows").isGreaterThan(audit.rowsChecked());
            assertThat(after.unsealedRows()).as(how + ": nothing left unsealed").isZero();
            assertThat(after.redactedRows()).as(how + ": the leaver's erased rows").isPositive();
        }
    }
}
