package dev.portalkit.messaging;

import static dev.portalkit.messaging.MessagingTests.JOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.auth.AuthModule;
import dev.portalkit.auth.AuthOptions;
import dev.portalkit.auth.NewUser;
import dev.portalkit.auth.UserService;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.MigrationMode;
import dev.portalkit.core.PageRequest;
import dev.portalkit.core.Portal;
import dev.portalkit.testing.Queries;
import dev.portalkit.testing.Race;
import dev.portalkit.testing.TestData;
import dev.portalkit.testing.TestDatabase;
import dev.portalkit.testing.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;
import org.junit.jupiter.api.Test;

/**
 * V2 to V8 on a database that has e-mails: the schema of messaging V1 (Flyway target 1, as the previous
 * release left it), rows written into it, then a Portal of this release starts and migrates. Every row,
 * byte for byte, and every answer the services give about them, stay; the old table is the first partition.
 */
class EmailLogMigrationIT {

    private static final InMemoryEmailSender SENDER = new InMemoryEmailSender();

    private static Portal.Builder portal(TestDatabase db) {
        return Portal.builder().jdbcUrl(db.jdbcUrl()).username(db.username()).password(db.password())
                .migrationDataSource(db.directDataSource()).schema("portal").minimumIdle(0).maximumPoolSize(4)
                .migration(MigrationMode.APPLY).backgroundSealing(false);
    }

    private static List<String> rows(TestDatabase db) {
        // V9's column (category, 'transactional' for every e-mail from before it) is checked apart.
        return Queries.column(db.directDataSource(),
                "SELECT (to_jsonb(e) - 'category')::text FROM portal.email_logs e ORDER BY id");
    }

    private static void insert(DataSource db, UUID template, UUID user, String messageId, String key, String to,
                               String status, Instant created, Instant due, String providerId) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     INSERT INTO portal.email_logs (template_id, template_key, template_version, locale, user_id, from_address,
                                                    to_address, subject, text_body, message_id, idempotency_key, status,
                                                    due_at, provider_message_id, metadata, created_at, updated_at)
                     VALUES (?, 'notice', 1, 'en', ?, 'no-reply@acme.example', ?, 'Notice', 'Hello', ?, ?, ?, ?, ?,
                             '{"campaign": "spring"}', ?, ?)""")) {
            ps.setObject(1, template);
            ps.setObject(2, user);
            ps.setString(3, to);
            ps.setString(4, messageId);
            ps.setString(5, key);
            ps.setString(6, status);
            ps.setTimestamp(7, Timestamp.from(due));
            ps.setString(8, providerId);
            ps.setTimestamp(9, Timestamp.from(created));
            ps.setTimestamp(10, Timestamp.from(created));
            ps.executeUpdate();
        }
    }

    @Test
    void existingEmailsKeepEveryRowAndEveryAnswerAndBecomeTheFirstPartition() throws SQLException {
        TestDatabase db = TestDatabases.empty();
        try {
            UUID user;
            try (Portal before = portal(db).install(new AuthModule(AuthOptions.builder().bcryptCost(4).build())).build()) {
                user = before.service(UserService.class).register(NewUser.member(TestData.email("ann"),
                        "correct horse battery", "Ann"), CallContext.system("test")).id();
            }
            // messaging as the previous release migrated it.
            migrateMessagingTo(db, "1");
            UUID template = UUID.fromString(Queries.column(db.directDataSource(), """
                    INSERT INTO portal.email_templates (key, locale, version, subject, text_body)
                    VALUES ('notice', 'en', 1, 'Notice', 'Hello') RETURNING id::text""").get(0));
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            insert(db.directDataSource(), template, user, "<a@acme.example>", "old-key", "ann@example.com", "DELIVERED",
                    now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(400)), null);
            insert(db.directDataSource(), template, null, "<b@acme.example>", null, "Bounced@Example.com", "BOUNCED",
                    now.minus(Duration.ofDays(40)), now.minus(Duration.ofDays(40)), "prov-1");
            insert(db.directDataSource(), template, user, "<c@acme.example>", "due-key", "due@example.com", "QUEUED",
                    now.minus(Duration.ofDays(1)), now.minus(Duration.ofMinutes(1)), null);
            // A host clock ahead of the database's: the old partition's bound must still hold it.
            Instant ahead = now.plus(Duration.ofDays(100));
            insert(db.directDataSource(), template, null, "<d@acme.example>", null, "ahead@example.com", "SENT", ahead, ahead, null);
            List<String> rowsBefore = rows(db);
            assertThat(rowsBefore).hasSize(4);

            try (Portal after = portal(db).install(new AuthModule(AuthOptions.builder().bcryptCost(4).build()),
                    new MessagingModule(MessagingOptions.builder().from(MessagingTests.FROM).sender(SENDER).build())).build()) {
                assertThat(rows(db)).isEqualTo(rowsBefore);
                assertThat(Queries.column(db.directDataSource(), "SELECT DISTINCT category FROM portal.email_logs"))
                        .containsExactly("transactional");
                assertThat(Queries.column(db.directDataSource(),
                        "SELECT DISTINCT tableoid::regclass::text FROM portal.email_logs")).containsExactly("portal.email_logs_legacy");
                assertThat(Queries.column(db.directDataSource(),
                        "SELECT partition_name FROM portal.email_logs_partitions() WHERE is_default")).containsExactly("email_logs_default");
                EmailLogPartition legacy = after.service(EmailLogRetention.class).partitions().get(0);
                assertThat(legacy.name()).isEqualTo("email_logs_legacy");
                assertThat(legacy.from()).isNull();
                Instant monthAfterNext = now.atOffset(ZoneOffset.UTC).withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS)
                        .plusMonths(2).toInstant();
                assertThat(legacy.to()).isAfter(ahead).isAfterOrEqualTo(monthAfterNext);

                EmailService emails = after.service(EmailService.class);
                assertThat(emails.findByMessageId("<a@acme.example>")).get().extracting(EmailLog::status).isEqualTo(EmailStatus.DELIVERED);
                assertThat(emails.findByMessageId("prov-1")).get().extracting(EmailLog::messageId).isEqualTo("<b@acme.example>");
                assertThat(emails.suppressed("bounced@example.COM")).isTrue();
                EmailStats stats = emails.stats(now.minus(Duration.ofDays(500)), now.plus(Duration.ofDays(200)));
                assertThat(stats.total()).isEqualTo(4);
                assertThat(emails.list(null, new PageRequest(null, 10)).items()).extracting(EmailLog::messageId)
                        .containsExactly("<d@acme.example>", "<c@acme.example>", "<b@acme.example>", "<a@acme.example>");
                // An idempotency key from before the migration still answers its e-mail, in no new row.
                UUID old = emails.findByMessageId("<a@acme.example>").orElseThrow().id();
                assertThat(emails.queue("notice", "en", "ann@example.com", null, "old-key", JOB).id()).isEqualTo(old);
                assertThat(emails.outboxStatus().waiting()).isEqualTo(1);
                assertThat(emails.deliverPending(10, JOB).sent()).isEqualTo(1);
                assertThat(SENDER.sentTo("due@example.com")).hasSize(1);
                // Both releases' shapes of a row land: this release's queue, and a plain INSERT naming the columns.
                EmailLog fresh = emails.queue("notice", "en", "new@example.com", null, "new-key", JOB);
                assertThat(Queries.column(db.directDataSource(), "SELECT tableoid::regclass::text FROM portal.email_logs WHERE id = ?",
                        fresh.id())).containsExactly("portal.email_logs_legacy");
                // The runtime role's grants reach the new parent: a plain INSERT of the old shape, as the pool.
                insert(db.dataSource(), template, user, "<e@acme.example>", "plain-key", "plain@example.com", "SENT",
                        now, now, null);
                assertThat(emails.findByMessageId("<e@acme.example>")).isPresent();
                assertThat(rows(db)).hasSize(6);
            }
        } finally {
            TestDatabases.server().dropDatabase(db.name());
        }
    }

    private static void migrateMessagingTo(TestDatabase db, String target) {
        FluentConfiguration config = Flyway.configure().dataSource(db.directDataSource()).schemas("portal")
                .defaultSchema("portal").table("portalkit_messaging_history").locations(MessagingModule.MIGRATIONS)
                .baselineOnMigrate(true).baselineVersion("0").target(target);
        // As MigrationRunner: Flyway's transactional lock keeps a second connection in a transaction, which
        // V3's CREATE INDEX CONCURRENTLY would wait for forever.
        config.getConfigurationExtension(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
        config.load().migrate();
    }

    /** The previous release's queue statement, cut to what matters: its conflict target. */
    private static final String PREVIOUS_RELEASE_INSERT = """
            INSERT INTO portal.email_logs (template_id, template_key, template_version, locale, from_address, to_address,
                                           subject, message_id, idempotency_key, due_at)
            SELECT id, key, version, locale, 'no-reply@acme.example', 'old@example.com', 'Old', ?, ?, now()
              FROM portal.email_templates WHERE key = 'notice'
            ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING""";

    /**
     * V9 only expands (messaging/README.md, "The previous release"): an instance of the release before it (V8's
     * code) keeps queueing and claiming after V9 has run; its statements name none of V9's columns, so its
     * e-mails are transactional, and this release delivers them without unsubscribe headers. (The V8 rollout
     * this test checked before V9, this release's code on the schema of V7, needs V9's columns now: a database
     * before V8 goes through the V8 release's two steps first.)
     */
    @Test
    void afterV9ThePreviousReleasesQueueAndClaimStillWorkAndItsEmailsAreTransactional() throws SQLException {
        TestDatabase db = TestDatabases.empty();
        try {
            portal(db).install(new AuthModule(AuthOptions.builder().bcryptCost(4).build())).build().close();
            migrateMessagingTo(db, "9");
            InMemoryEmailSender sender = new InMemoryEmailSender();
            try (Portal p = portal(db).migration(MigrationMode.NONE).install(new AuthModule(AuthOptions.builder().bcryptCost(4).build()),
                    new MessagingModule(MessagingOptions.builder().from(MessagingTests.FROM).sender(sender).build())).build()) {
                p.service(EmailTemplateService.class).create("notice", "en", TemplateContent.of("Notice", null, "Hello"), JOB);
                // The V8 release's queue: its columns only, its conflict handling (email_log_keys, no target).
                try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement("""
                        WITH k AS (INSERT INTO portal.email_log_keys (idempotency_key, created_at) VALUES (?, now())
                                   ON CONFLICT (idempotency_key) DO NOTHING RETURNING idempotency_key)
                        INSERT INTO portal.email_logs (template_id, template_key, template_version, locale, from_address,
                                                       to_address, subject, text_body, message_id, idempotency_key, due_at)
                        SELECT id, key, version, locale, 'no-reply@acme.example', 'old@example.com', 'Old', 'Hello', ?,
                               (SELECT idempotency_key FROM k), now() - interval '1 minute'
                          FROM portal.email_templates WHERE key = 'notice'
                        ON CONFLICT DO NOTHING""")) {
                    ps.setString(1, "k-old");
                    ps.setString(2, "<old@acme.example>");
                    assertThat(ps.executeUpdate()).isEqualTo(1);
                }
                // The V8 release's claim statement names the same columns as this release's unlimited one.
                EmailService emails = p.service(EmailService.class);
                assertThat(emails.deliverPending(10, JOB).sent()).isEqualTo(1);
                assertThat(sender.sentTo("old@example.com")).singleElement()
                        .satisfies(e -> assertThat(e.headers()).isEmpty());
                EmailLog old = emails.findByMessageId("<old@acme.example>").orElseThrow();
                assertThat(old.category()).isEqualTo("transactional");
                assertThat(emails.queue("notice", "en", "x@example.com", null, "k-old", JOB).messageId())
                        .isEqualTo("<old@acme.example>");
            }
        } finally {
            TestDatabases.server().dropDatabase(db.name());
        }
    }

    /**
     * What messaging/README.md says cannot work once V8 has run: the previous release's queue names a
     * conflict target PostgreSQL cannot infer on a partitioned table (42P10). Fails (and the README's
     * rollout advice can go) the day PostgreSQL can.
     */
    @Test
    void afterV8ThePreviousReleasesConflictTargetIsRefused() throws SQLException {
        TestDatabase db = TestDatabases.migrated("portal", List.of(new AuthModule(AuthOptions.builder().bcryptCost(4).build()),
                new MessagingModule(MessagingOptions.builder().from(MessagingTests.FROM).sender(SENDER).build())));
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(PREVIOUS_RELEASE_INSERT)) {
            ps.setString(1, "<old@acme.example>");
            ps.setString(2, "k");
            assertThatThrownBy(ps::executeUpdate).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo("42P10"));
        } finally {
            TestDatabases.server().dropDatabase(db.name());
        }
    }
}
