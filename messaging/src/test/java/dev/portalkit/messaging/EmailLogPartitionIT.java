package dev.portalkit.messaging;

import static dev.portalkit.messaging.MessagingTests.ADMIN;
import static dev.portalkit.messaging.MessagingTests.JOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.auth.AuthModule;
import dev.portalkit.auth.AuthOptions;
import dev.portalkit.core.MigrationMode;
import dev.portalkit.core.Portal;
import dev.portalkit.core.PortalException;
import dev.portalkit.core.PortalModule;
import dev.portalkit.core.ValidationException;
import dev.portalkit.testing.Queries;
import dev.portalkit.testing.Race;
import dev.portalkit.testing.TestClock;
import dev.portalkit.testing.TestData;
import dev.portalkit.testing.TestDatabase;
import dev.portalkit.testing.TestDatabases;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * email_logs partitioned by month (V8): where rows land, partitions kept ahead by any number of callers at
 * once, and {@link EmailLogRetention} removing whole old months only. Each test has a database of its own
 * (retention drops every month before the clock, whichever test made it), with the clock years ahead so
 * the months it plays with exist only because the test made them.
 */
class EmailLogPartitionIT {

    private final List<Portal> portals = new ArrayList<>();
    private TestDatabase db;

    private static PortalModule[] modules() {
        return new PortalModule[] {new AuthModule(AuthOptions.builder().bcryptCost(4).build()),
                new MessagingModule(MessagingOptions.builder().from(MessagingTests.FROM).sender(new InMemoryEmailSender()).build())};
    }

    /** A Portal on a database of this test's own, as the runtime role under PORTALKIT_TEST_ROLES=split. */
    private Portal portal(TestClock clock) {
        if (db == null) {
            db = TestDatabases.migrated("portal", List.of(modules()));
        }
        Portal p = Portal.builder().jdbcUrl(db.jdbcUrl()).username(db.username()).password(db.password())
                .migrationDataSource(db.directDataSource()).schema("portal").minimumIdle(0).maximumPoolSize(12)
                .migration(MigrationMode.NONE).backgroundSealing(false).clock(clock).install(modules()).build();
        portals.add(p);
        if (portals.size() == 1) {
            p.service(EmailTemplateService.class).create("note", "en", TemplateContent.of("Note", null, "Hi {{name}}", "name"), ADMIN);
        }
        return p;
    }

    @AfterEach
    void close() {
        portals.forEach(Portal::close);
        if (db != null) {
            TestDatabases.server().dropDatabase(db.name());
        }
    }

    private static EmailLog queue(Portal p, String key) {
        return p.service(EmailService.class).queue("note", "en", TestData.email("to"), Map.of("name", "Ann"), key, ADMIN);
    }

    /** The partition the row is stored in (tableoid), by table name. */
    private String partitionOf(UUID id) {
        List<String> names = Queries.column(db.directDataSource(),
                "SELECT c.relname FROM portal.email_logs e JOIN pg_class c ON c.oid = e.tableoid WHERE e.id = ?", id);
        assertThat(names).hasSize(1);
        return names.get(0);
    }

    private Set<String> partitionNames(Portal p) {
        return p.service(EmailLogRetention.class).partitions().stream().map(EmailLogPartition::name).collect(Collectors.toSet());
    }

    private long count(String fromWhere, Object... args) {
        return Queries.number(db.directDataSource(), "SELECT count(*) FROM portal." + fromWhere, args);
    }

    private boolean tableExists(String name) {
        return count("email_templates WHERE to_regclass(?) IS NOT NULL", "portal." + name) > 0;
    }

    @Test
    void eachEmailLandsInItsMonthsPartitionAndOneFarAheadInTheDefaultUntilItsMonthIsMade() {
        TestClock clock = new TestClock(Instant.parse("2046-01-15T10:00:00Z"));
        Portal p = portal(clock); // its start made 2046-01 and three months ahead
        assertThat(partitionNames(p)).contains("email_logs_2046_01", "email_logs_2046_02", "email_logs_2046_03",
                "email_logs_2046_04").doesNotContain("email_logs_2046_05");
        assertThat(partitionOf(queue(p, null).id())).isEqualTo("email_logs_2046_01");
        clock.set(Instant.parse("2046-04-30T23:59:59.999Z"));
        assertThat(partitionOf(queue(p, null).id())).isEqualTo("email_logs_2046_04");
        clock.set(Instant.parse("2046-05-01T00:00:00Z"));
        EmailLog ahead = queue(p, "ahead");
        assertThat(partitionOf(ahead.id())).isEqualTo("email_logs_default");

        List<EmailLogPartition> made = p.service(EmailLogRetention.class).ensurePartitions(0);
        assertThat(made).containsExactly(new EmailLogPartition("email_logs_2046_05",
                Instant.parse("2046-05-01T00:00:00Z"), Instant.parse("2046-06-01T00:00:00Z")));
        // Moved out of the DEFAULT partition into its month, and still found by every read.
        assertThat(partitionOf(ahead.id())).isEqualTo("email_logs_2046_05");
        assertThat(count("email_logs_default")).isZero();
        assertThat(p.service(EmailService.class).find(ahead.id())).contains(ahead);
        assertThat(p.service(EmailService.class).findByMessageId(ahead.messageId())).contains(ahead);
        assertThat(queue(p, "ahead")).isEqualTo(ahead);
        // Idempotent: nothing more to make.
        assertThat(p.service(EmailLogRetention.class).ensurePartitions(0)).isEmpty();
    }

    @Test
    void aKeyQueuedAgainInALaterMonthAnswersTheFirstEmail() {
        TestClock clock = new TestClock(Instant.parse("2046-01-31T23:59:59Z"));
        Portal p = portal(clock);
        EmailLog first = queue(p, "monthly-report");
        clock.set(Instant.parse("2046-02-01T00:00:01Z"));
        assertThat(queue(p, "monthly-report")).isEqualTo(first);
        // Racing across the boundary too: one e-mail for the key, whichever month each caller is in.
        List<Race.Outcome<EmailLog>> racing = Race.run(10, () -> queue(p, "raced"));
        assertThat(racing.stream().map(Race.Outcome::value).map(EmailLog::id).distinct()).hasSize(1);
        assertThat(count("email_logs WHERE idempotency_key IN ('monthly-report', 'raced')")).isEqualTo(2);
    }

    @Test
    void aBurstOfCallersMakesEachMonthOnce() {
        TestClock clock = new TestClock(Instant.parse("2050-06-10T00:00:00Z"));
        Portal p = portal(clock);
        clock.set(Instant.parse("2051-01-20T00:00:00Z"));
        Portal other = portal(clock); // a second instance: its start makes 2051-01 to 2051-04 at once with the race
        List<Race.Outcome<List<EmailLogPartition>>> outcomes = Race.run(12,
                i -> () -> (i % 2 == 0 ? p : other).service(EmailLogRetention.class).ensurePartitions(6));
        List<String> made = outcomes.stream().flatMap(o -> o.value().stream()).map(EmailLogPartition::name).toList();
        assertThat(made).doesNotHaveDuplicates();
        assertThat(partitionNames(p)).contains("email_logs_2051_01", "email_logs_2051_02", "email_logs_2051_03",
                "email_logs_2051_04", "email_logs_2051_05", "email_logs_2051_06", "email_logs_2051_07");
        // Every month exactly once and contiguous: no two partitions overlap (ATTACH would have refused).
        List<EmailLogPartition> all = p.service(EmailLogRetention.class).partitions();
        for (int i = 1; i < all.size(); i++) {
            assertThat(all.get(i).from()).isNotNull().isAfterOrEqualTo(all.get(i - 1).to());
        }
    }

    @Test
    void ensurePartitionsRefusesMonthsAheadOutOfRangeAndMakesNothing() {
        TestClock clock = new TestClock(Instant.parse("2046-01-15T00:00:00Z"));
        Portal p = portal(clock);
        clock.set(Instant.parse("2047-01-15T00:00:00Z"));
        Set<String> before = partitionNames(p);
        for (int bad : new int[] {-1, 121, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            assertThatThrownBy(() -> p.service(EmailLogRetention.class).ensurePartitions(bad))
                    .isInstanceOfSatisfying(ValidationException.class,
                            e -> assertThat(e.errors()).extracting(ValidationException.FieldError::field).containsExactly("monthsAhead"));
        }
        assertThat(partitionNames(p)).isEqualTo(before);
    }

    @Test
    void dropRemovesWholeMonthsOlderThanNOnlyAndIsIdempotent() {
        TestClock clock = new TestClock(Instant.parse("2046-01-15T00:00:00Z"));
        Portal p = portal(clock);
        EmailLog january = queue(p, "jan");
        clock.set(Instant.parse("2046-02-28T23:00:00Z"));
        EmailLog february = queue(p, "feb");
        clock.set(Instant.parse("2046-03-15T00:00:00Z"));
        EmailLog march = queue(p, "mar");
        clock.set(Instant.parse("2046-04-20T00:00:00Z"));
        EmailLog april = queue(p, "apr");
        EmailLogRetention retention = p.service(EmailLogRetention.class);

        // Cutoff 2046-03-20: January and February end before it; March does not (rows up to 36 days old).
        List<EmailLogPartition> dropped = retention.drop(1, ADMIN);
        assertThat(dropped).extracting(EmailLogPartition::name).contains("email_logs_2046_01", "email_logs_2046_02")
                .doesNotContain("email_logs_2046_03", "email_logs_2046_04", "email_logs_default");
        assertThat(dropped).allSatisfy(d -> assertThat(d.to()).isBeforeOrEqualTo(Instant.parse("2046-03-20T00:00:00Z")));
        // The template's own first partition (the legacy one, from before partitioning) is old too.
        assertThat(dropped).extracting(EmailLogPartition::name).contains("email_logs_legacy");
        assertThat(dropped.stream().filter(d -> d.name().equals("email_logs_legacy")).findFirst().orElseThrow().from()).isNull();
        EmailService emails = p.service(EmailService.class);
        assertThat(emails.find(january.id())).isEmpty();
        assertThat(emails.find(february.id())).isEmpty();
        assertThat(emails.find(march.id())).contains(march);
        assertThat(emails.find(april.id())).contains(april);
        assertThat(dropped).allSatisfy(d -> assertThat(tableExists(d.name())).isFalse());
        assertThat(tableExists("email_logs_default")).isTrue();
        assertThat(partitionNames(p)).contains("email_logs_2046_03", "email_logs_2046_04");
        assertThat(count("activity_logs WHERE action = 'email_log_partition.dropped'")).isEqualTo(dropped.size());
        // The dropped e-mails' keys are free again; the kept ones' are not.
        assertThat(count("email_log_keys WHERE idempotency_key IN ('jan', 'feb')")).isZero();
        assertThat(queue(p, "jan").id()).isNotEqualTo(january.id());
        assertThat(queue(p, "mar")).isEqualTo(march);

        assertThat(retention.drop(1, ADMIN)).isEmpty();
        // However large N, the current month and those ahead stay; N = 1 never reaches into the current month.
        clock.set(Instant.parse("2046-04-01T00:00:00Z"));
        assertThat(retention.drop(1, ADMIN)).extracting(EmailLogPartition::name).isEmpty();
        assertThat(emails.find(march.id())).contains(march);
    }

    @Test
    void dropRefusesMonthsBelowOneOrAbsurdAndChangesNothing() {
        TestClock clock = new TestClock(Instant.parse("2046-01-15T00:00:00Z"));
        Portal p = portal(clock);
        EmailLog january = queue(p, null);
        clock.set(Instant.parse("2049-01-15T00:00:00Z"));
        Set<String> before = partitionNames(p);
        for (int bad : new int[] {0, -1, Integer.MIN_VALUE, 1201, Integer.MAX_VALUE}) {
            assertThatThrownBy(() -> p.service(EmailLogRetention.class).drop(bad, ADMIN))
                    .isInstanceOfSatisfying(ValidationException.class,
                            e -> assertThat(e.errors()).extracting(ValidationException.FieldError::field).containsExactly("months"));
            assertThatThrownBy(() -> p.service(EmailLogRetention.class).archive(bad, ADMIN))
                    .isInstanceOf(ValidationException.class);
        }
        assertThat(partitionNames(p)).isEqualTo(before);
        assertThat(p.service(EmailService.class).find(january.id())).contains(january);
    }

    @Test
    void archiveDetachesTheMonthAndKeepsItsRowsInATableOfItsOwn() {
        TestClock clock = new TestClock(Instant.parse("2046-01-15T00:00:00Z"));
        Portal p = portal(clock);
        EmailLog january = queue(p, "kept-in-archive");
        clock.set(Instant.parse("2046-04-15T00:00:00Z"));
        List<EmailLogPartition> archived = p.service(EmailLogRetention.class).archive(2, JOB);
        assertThat(archived).extracting(EmailLogPartition::name).contains("email_logs_2046_01").doesNotContain("email_logs_2046_02");
        assertThat(p.service(EmailService.class).find(january.id())).isEmpty();
        assertThat(partitionNames(p)).doesNotContain("email_logs_2046_01");
        assertThat(count("email_logs_2046_01 WHERE id = ?", january.id())).isEqualTo(1);
        assertThat(count("activity_logs WHERE action = 'email_log_partition.archived'")).isEqualTo(archived.size());
        // Never made again for that month, even when asked from then.
        clock.set(Instant.parse("2046-01-20T00:00:00Z"));
        assertThat(p.service(EmailLogRetention.class).ensurePartitions(0)).isEmpty();
    }

    @Test
    void retentionRacingWritersLosesNoRowOfAKeptMonth() {
        TestClock clock = new TestClock(Instant.parse("2046-01-15T00:00:00Z"));
        Portal p = portal(clock);
        queue(p, null);
        clock.set(Instant.parse("2046-03-10T00:00:00Z"));
        List<Race.Outcome<Object>> outcomes = Race.run(12, i -> () -> i % 4 == 0
                ? p.service(EmailLogRetention.class).drop(1, JOB)
                : queue(p, "writer-" + i));
        outcomes.forEach(Race.Outcome::value);
        assertThat(count("email_logs WHERE idempotency_key LIKE 'writer-%'")).isEqualTo(9);
        assertThat(count("email_logs WHERE idempotency_key LIKE 'writer-%' AND tableoid = 'portal.email_logs_2046_03'::regclass"))
                .isEqualTo(9);
        assertThat(partitionNames(p)).doesNotContain("email_logs_2046_01").contains("email_logs_2046_02", "email_logs_2046_03");
    }

    @Test
    void partitionsAreMadeAndDroppedOutsideTransactionsOnly() {
        TestClock clock = new TestClock(Instant.parse("2046-01-15T00:00:00Z"));
        Portal p = portal(clock);
        EmailLogRetention retention = p.service(EmailLogRetention.class);
        assertThatThrownBy(() -> p.inTransaction(() -> retention.drop(1, ADMIN))).isInstanceOf(PortalException.class);
        assertThatThrownBy(() -> p.inTransaction(() -> retention.ensurePartitions(1))).isInstanceOf(PortalException.class);
        assertThat(count("activity_logs WHERE action LIKE 'email_log_partition.%'")).isZero();
    }

    /**
     * Under PORTALKIT_TEST_ROLES=split the Portal's pool is the runtime role (DML only): the partitions it
     * asks for are made and owned by the owner, through V8's SECURITY DEFINER functions; the role itself
     * still cannot create a table in the schema, nor drop a partition by itself.
     */
    @Test
    void theRuntimeRoleGetsPartitionsOwnedByTheOwnerAndNoMoreRights() throws SQLException {
        TestClock clock = new TestClock(Instant.parse("2046-01-15T00:00:00Z"));
        Portal p = portal(clock);
        clock.set(Instant.parse("2046-09-15T00:00:00Z"));
        assertThat(p.service(EmailLogRetention.class).ensurePartitions(0)).extracting(EmailLogPartition::name)
                .containsExactly("email_logs_2046_09");
        assertThat(Queries.column(db.directDataSource(),
                "SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = 'portal.email_logs_2046_09'::regclass"))
                .containsExactly(db.ownerUsername());
        assertThat(p.service(EmailLogRetention.class).drop(1, ADMIN)).extracting(EmailLogPartition::name).contains("email_logs_2046_01");
        if (db.splitRoles()) {
            try (Connection c = p.dataSource().getConnection(); Statement s = c.createStatement()) {
                assertThatThrownBy(() -> s.execute("CREATE TABLE portal.email_logs_2099_01 (LIKE portal.email_logs)"))
                        .hasMessageContaining("permission denied");
            }
            try (Connection c = p.dataSource().getConnection(); Statement s = c.createStatement()) {
                assertThatThrownBy(() -> s.execute("DROP TABLE portal.email_logs_2046_09"))
                        .hasMessageContaining("must be owner");
            }
        }
    }
}
