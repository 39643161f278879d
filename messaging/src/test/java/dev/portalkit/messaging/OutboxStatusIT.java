package dev.portalkit.messaging;

import static dev.portalkit.messaging.MessagingTests.ADMIN;
import static dev.portalkit.messaging.MessagingTests.JOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.core.Portal;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.Queries;
import dev.portalkit.testing.TestClock;
import dev.portalkit.testing.TestData;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link EmailService#outboxStatus}: exactly the rows {@code deliverPending} would claim now, the age of
 * the oldest on the Portal's clock, served by the claim query's partial index; and the two gauges over it.
 */
class OutboxStatusIT {

    static final RecordingSender sender = new RecordingSender();
    static final TestClock clock = new TestClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    static final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @RegisterExtension
    static final PortalExtension kit = MessagingTests.portal(sender, clock, o -> o
            .maxAttempts(3).backoffBase(Duration.ofMinutes(1)).backoffMax(Duration.ofMinutes(10))
            .lease(Duration.ofMinutes(5)), b -> b.meterRegistry(registry));

    @BeforeAll
    static void template() {
        kit.portal().service(EmailTemplateService.class).create("notice", "en",
                TemplateContent.of("Notice", null, "Hello {{name}}", "name"), ADMIN);
    }

    /** Every test starts from an outbox with nothing due: what earlier tests left is settled by hand. */
    @BeforeEach
    void settleEverything() {
        MessagingTests.sql(portal(), "UPDATE ${schema}.email_logs SET status = 'SENT', claim_token = NULL"
                + " WHERE status IN ('QUEUED', 'SENDING')");
    }

    private Portal portal() {
        return kit.portal();
    }

    private EmailService emails() {
        return portal().service(EmailService.class);
    }

    private EmailLog queue(String to) {
        return emails().queue("notice", "en", to, Map.of("name", "Ann"), null, ADMIN);
    }

    @Test
    void anEmptyOutboxHasNothingWaitingAndNoAge() {
        assertThat(emails().outboxStatus()).isEqualTo(OutboxStatus.EMPTY);
        assertThat(OutboxStatus.EMPTY.oldestAge()).isNull();
    }

    @Test
    void queuedEmailsWaitAndTheOldestAgeRunsFromItsDueTimeOnThePortalClock() {
        queue(TestData.email("first"));
        clock.advance(Duration.ofMinutes(2));
        queue(TestData.email("second"));
        assertThat(emails().outboxStatus()).isEqualTo(new OutboxStatus(2, Duration.ofMinutes(2)));

        clock.advance(Duration.ofSeconds(30));
        assertThat(emails().outboxStatus()).isEqualTo(new OutboxStatus(2, Duration.ofSeconds(150)));

        emails().deliverPending(50, JOB);
        assertThat(emails().outboxStatus()).isEqualTo(OutboxStatus.EMPTY);
    }

    @Test
    void anEmailWaitingOutItsBackoffCountsOnlyOnceItIsDueAgain() {
        String to = TestData.email("flaky");
        sender.when(to, e -> {
            throw new IllegalStateException("relay busy");
        });
        queue(to);
        emails().deliverPending(50, JOB);
        assertThat(emails().outboxStatus()).isEqualTo(OutboxStatus.EMPTY); // due in 1 min

        clock.advance(Duration.ofSeconds(59));
        assertThat(emails().outboxStatus()).isEqualTo(OutboxStatus.EMPTY);
        clock.advance(Duration.ofSeconds(1));
        assertThat(emails().outboxStatus()).isEqualTo(new OutboxStatus(1, Duration.ZERO));
        clock.advance(Duration.ofSeconds(20));
        assertThat(emails().outboxStatus()).isEqualTo(new OutboxStatus(1, Duration.ofSeconds(20)));
    }

    @Test
    void anEmailBeingSentUnderALiveLeaseDoesNotWaitButOneWhoseWorkerDiedDoesOnceTheLeaseEnds() {
        String to = TestData.email("crash");
        sender.when(to, e -> {
            throw new OutOfMemoryError("worker died mid-send");
        });
        queue(to);
        assertThatThrownBy(() -> emails().deliverPending(50, JOB)).isInstanceOf(OutOfMemoryError.class);
        assertThat(emails().outboxStatus()).isEqualTo(OutboxStatus.EMPTY); // SENDING, lease 5 min

        clock.advance(Duration.ofMinutes(5));
        assertThat(emails().outboxStatus()).isEqualTo(new OutboxStatus(1, Duration.ZERO));
        clock.advance(Duration.ofMinutes(1));
        assertThat(emails().outboxStatus()).isEqualTo(new OutboxStatus(1, Duration.ofMinutes(1)));
    }

    @Test
    void settledEmailsNeverWait() {
        String bounced = TestData.email("bounced");
        EmailLog first = queue(bounced);
        String refused = TestData.email("refused");
        sender.when(refused, e -> {
            throw EmailSendException.permanentFailure("SMTP 550 mailbox unavailable", null);
        });
        queue(refused);
        emails().deliverPending(50, JOB);
        emails().recordEvent(first.messageId(), EmailEvent.BOUNCED, JOB);
        assertThat(queue(bounced).status()).isEqualTo(EmailStatus.SUPPRESSED);
        clock.advance(Duration.ofHours(1));

        assertThat(emails().find(first.id()).orElseThrow().status()).isEqualTo(EmailStatus.BOUNCED);
        assertThat(MessagingTests.count(portal(), "email_logs WHERE to_address = ? AND status = 'FAILED'", refused))
                .isEqualTo(1);
        assertThat(emails().outboxStatus()).isEqualTo(OutboxStatus.EMPTY);
    }

    @Test
    void insideATransactionItSeesTheTransactionsOwnQueuedEmailsAndARollbackTakesThemAway() {
        OutboxStatus inside = portal().inTransaction(() -> {
            queue(TestData.email("tx"));
            return emails().outboxStatus();
        });
        assertThat(inside).isEqualTo(new OutboxStatus(1, Duration.ZERO));
        settleEverything();

        assertThatThrownBy(() -> portal().inTransaction(() -> {
            queue(TestData.email("rolledback"));
            assertThat(emails().outboxStatus().waiting()).isEqualTo(1);
            throw new IllegalStateException("the host's business step failed");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(emails().outboxStatus()).isEqualTo(OutboxStatus.EMPTY);
    }

    @Test
    void theCountIsServedByTheClaimQuerysPartialIndex() {
        // A realistic log: thousands of settled e-mails, a few due.
        EmailLog any = queue(TestData.email("model"));
        MessagingTests.sql(portal(), "INSERT INTO ${schema}.email_logs (template_id, template_key, template_version, locale,"
                + " from_address, to_address, subject, message_id, status, due_at, sent_at)"
                + " SELECT template_id, template_key, template_version, locale, from_address, to_address, subject,"
                + " '<' || gen_random_uuid() || '@acme.example>', 'SENT', now() - interval '1 day', now()"
                + " FROM ${schema}.email_logs, generate_series(1, 3000) WHERE id = ?", any.id());
        MessagingTests.sql(portal(), "ANALYZE ${schema}.email_logs");
        assertThat(emails().outboxStatus().waiting()).isEqualTo(1);

        // The mapper's statement (EmailLogMapper.xml, outboxStatus), with its parameter bound.
        List<String> plan = Queries.column(portal().dataSource(), "EXPLAIN SELECT count(*) AS waiting,"
                + " min(due_at) AS oldest_due_at FROM " + portal().schema() + ".email_logs"
                + " WHERE status IN ('QUEUED', 'SENDING') AND due_at <= ?", java.sql.Timestamp.from(clock.instant()));
        // email_logs is partitioned by month (V8): the partition holding the rows is read through its copy of
        // the index; an empty partition (months ahead, DEFAULT) may be "scanned" at no cost.
        String holding = Queries.column(portal().dataSource(), "SELECT c.relname FROM " + portal().schema()
                + ".email_logs e JOIN pg_class c ON c.oid = e.tableoid WHERE e.id = ?", any.id()).get(0);
        assertThat(String.join("\n", plan)).contains("email_logs_due_idx").doesNotContain("Seq Scan on " + holding + " ");
    }

    @Test
    void theGaugesPublishTheOutboxStatusInSeconds() {
        queue(TestData.email("gauged"));
        clock.advance(Duration.ofMillis(90_500));
        queue(TestData.email("gauged-later"));

        Gauge waiting = registry.get("portalkit.messaging.outbox.waiting").gauge();
        Gauge oldest = registry.get("portalkit.messaging.outbox.oldest.age").gauge();
        // The first read of the class (nothing cached yet), so both show the status as it is now.
        assertThat(waiting.value()).isEqualTo(2.0);
        assertThat(oldest.value()).isEqualTo(90.5);
        assertThat(waiting.getId().getTags()).isEmpty();
        assertThat(oldest.getId().getTags()).isEmpty();
    }
}
