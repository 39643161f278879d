package dev.portalkit.messaging;

import static dev.portalkit.messaging.MessagingTests.ADMIN;
import static dev.portalkit.messaging.MessagingTests.JOB;
import static dev.portalkit.messaging.MessagingTests.notFound;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.core.NotFoundException;
import dev.portalkit.core.PageRequest;
import dev.portalkit.core.Portal;
import dev.portalkit.core.PortalException;
import dev.portalkit.core.ValidationException;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.Race;
import dev.portalkit.testing.TestClock;
import dev.portalkit.testing.TestData;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmailServiceIT {

    static final RecordingSender sender = new RecordingSender();
    static final TestClock clock = new TestClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    static final String WELCOME = "welcome";

    @RegisterExtension
    static final PortalExtension kit = MessagingTests.portal(sender, clock, o -> o.trackClicks(true));

    @BeforeAll
    static void templates() {
        kit.portal().service(EmailTemplateService.class).create(WELCOME, "en",
                TemplateContent.of("Welcome, {{name}}", "<p>Hello {{name}}</p>", "Hello {{name}}", "name"), ADMIN);
        kit.portal().service(EmailTemplateService.class).create(WELCOME, "de",
                TemplateContent.of("Willkommen, {{name}}", "<p>Hallo {{name}}</p>", "Hallo {{name}}", "name"), ADMIN);
    }

    private Portal portal() {
        return kit.portal();
    }

    private EmailService emails() {
        return portal().service(EmailService.class);
    }

    private EmailLog queue(String to) {
        return emails().queue(WELCOME, "en", to, Map.of("name", "Ann"), null, ADMIN);
    }

    /** A provider's event about {@code e}, recorded by the mail worker. */
    private EmailLog record(EmailLog e, EmailEvent event) {
        return emails().recordEvent(e.messageId(), event, JOB);
    }

    /** An e-mail to {@code to}, queued, then a delivery run. */
    private EmailLog sent(String to) {
        EmailLog queued = queue(to);
        emails().deliverPending(100, JOB);
        return queued;
    }

    @Test
    void queueWritesAQueuedRowThatAWorkerSends() {
        String to = TestData.email("ann");
        EmailLog queued = emails().queue(WELCOME, "de-AT", to, Map.of("name", "Ann"), null, ADMIN);
        assertThat(queued.status()).isEqualTo(EmailStatus.QUEUED);
        assertThat(queued.locale()).isEqualTo("de");
        assertThat(queued.templateVersion()).isEqualTo(1);
        assertThat(queued.subject()).isEqualTo("Willkommen, Ann");
        assertThat(queued.messageId()).matches("<[0-9a-f-]{36}@acme\\.example>");
        assertThat(queued.fromAddress()).isEqualTo(MessagingTests.FROM);

        DeliveryReport report = emails().deliverPending(100, JOB);
        assertThat(report.sent()).isGreaterThanOrEqualTo(1);
        List<OutgoingEmail> got = sender.to(to);
        assertThat(got).hasSize(1);
        assertThat(got.get(0).messageId()).isEqualTo(queued.messageId());
        assertThat(got.get(0).textBody()).isEqualTo("Hallo Ann");
        EmailLog sent = emails().find(queued.id()).orElseThrow();
        assertThat(sent.status()).isEqualTo(EmailStatus.SENT);
        assertThat(sent.sentAt()).isEqualTo(clock.instant());
        assertThat(sent.providerMessageId()).startsWith("250 ok");
        assertThat(sent.attempts()).isEqualTo(1);
    }

    @Test
    void queueInsideATransactionThatRollsBackLeavesNoEmail() {
        String to = TestData.email("rollback");
        assertThatThrownBy(() -> portal().inTransaction(() -> {
            queue(to);
            throw new IllegalStateException("the business change failed");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(MessagingTests.count(portal(), "email_logs WHERE to_address = ?", to)).isZero();

        portal().inTransaction(() -> {
            queue(to);
        });
        assertThat(MessagingTests.count(portal(), "email_logs WHERE to_address = ?", to)).isEqualTo(1);
    }

    @Test
    void scriptInAModelValueArrivesEscapedInTheHtmlBody() {
        String to = TestData.email("xss");
        emails().queue(WELCOME, "en", to, Map.of("name", "<script>alert(1)</script>"), null, ADMIN);
        emails().deliverPending(100, JOB);
        OutgoingEmail got = sender.to(to).get(0);
        assertThat(got.htmlBody()).isEqualTo("<p>Hello &lt;script&gt;alert(1)&lt;/script&gt;</p>");
        assertThat(got.htmlBody()).doesNotContain("<script>");
    }

    @Test
    void aMissingVariableIsAnErrorAndNothingIsQueued() {
        String to = TestData.email("missing");
        assertThatThrownBy(() -> emails().queue(WELCOME, "en", to, Map.of(), null, ADMIN))
                .isInstanceOfSatisfying(TemplateRenderException.class, e -> assertThat(e.hasError("model.name")).isTrue());
        assertThat(MessagingTests.count(portal(), "email_logs WHERE to_address = ?", to)).isZero();
    }

    @Test
    void badInputIsATypedErrorAndWritesNoRow() {
        long before = MessagingTests.count(portal(), "email_logs");
        assertThatThrownBy(() -> emails().queue(WELCOME, "en", "not an address", Map.of("name", "A"), null, ADMIN))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("to")).isTrue());
        assertThatThrownBy(() -> emails().queue(WELCOME, "en", "a@b.example\r\nBcc: x@y.example", Map.of("name", "A"),
                null, ADMIN))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("to")).isTrue());
        assertThatThrownBy(() -> emails().queue("no-such-template", "en", TestData.email("x"), Map.of(), null, ADMIN))
                .isInstanceOfSatisfying(NotFoundException.class, notFound("Email template", "no-such-template/en"));
        assertThatThrownBy(() -> emails().queue("Bad Key", "??", TestData.email("x"), Map.of(), " ", ADMIN))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.hasError("templateKey")).isTrue();
                    assertThat(e.hasError("locale")).isTrue();
                    assertThat(e.hasError("idempotencyKey")).isTrue();
                });
        assertThat(MessagingTests.count(portal(), "email_logs")).isEqualTo(before);
    }

    @Test
    void readsInsideATransactionSeeTheEmailItQueued() {
        String to = TestData.email("reads");
        Instant from = clock.instant();
        EmailLog queued = portal().inTransaction(() -> {
            EmailLog q = queue(to);
            assertThat(emails().find(q.id())).contains(q);
            assertThat(emails().findByMessageId(q.messageId())).contains(q);
            assertThat(emails().list(EmailStatus.QUEUED, PageRequest.first(500)).items()).contains(q);
            assertThat(emails().stats(from, clock.instant().plusSeconds(1)).count(EmailStatus.QUEUED)).isPositive();
            assertThat(emails().suppressed(to)).isFalse();
            return q;
        });
        assertThat(emails().find(queued.id())).contains(queued);
        assertThat(emails().find(java.util.UUID.randomUUID())).isEmpty();
        assertThat(emails().findByMessageId("<nope@acme.example>")).isEmpty();
        assertThatThrownBy(() -> emails().suppressed("not an address"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("address")).isTrue());
    }

    @Test
    void theSameIdempotencyKeyNeverQueuesTwice() {
        String to = TestData.email("once");
        String key = "signup-" + to;
        EmailLog first = emails().queue(WELCOME, "en", to, Map.of("name", "Ann"), key, ADMIN);
        EmailLog second = emails().queue(WELCOME, "en", to, Map.of("name", "Ann"), key, ADMIN);
        assertThat(second.id()).isEqualTo(first.id());
        assertThat(MessagingTests.count(portal(), "email_logs WHERE idempotency_key = ?", key)).isEqualTo(1);
    }

    @Test
    void racingCallsWithOneIdempotencyKeyQueueOneEmail() {
        String to = TestData.email("race");
        String key = "race-" + to;
        List<EmailLog> logs = Race.run(8, () -> emails().queue(WELCOME, "en", to, Map.of("name", "Ann"), key, ADMIN))
                .stream().map(Race.Outcome::value).toList();
        assertThat(logs).extracting(EmailLog::id).containsOnly(logs.get(0).id());
        assertThat(MessagingTests.count(portal(), "email_logs WHERE idempotency_key = ?", key)).isEqualTo(1);
    }

    @Test
    void anAddressThatBouncedIsSuppressedAndNeverSentAgain() {
        String to = TestData.email("bounce");
        assertThat(record(sent(to), EmailEvent.BOUNCED).status()).isEqualTo(EmailStatus.BOUNCED);
        assertThat(emails().suppressed(to.toUpperCase())).isTrue();

        EmailLog second = queue(to.toUpperCase());
        assertThat(second.status()).isEqualTo(EmailStatus.SUPPRESSED);
        emails().deliverPending(100, JOB);
        assertThat(sender.to(to)).hasSize(1);
    }

    @Test
    void aComplaintArrivingAfterQueueingSuppressesAtSendTime() {
        String to = TestData.email("complaint");
        EmailLog first = sent(to);
        EmailLog waiting = queue(to);
        record(first, EmailEvent.COMPLAINED);

        DeliveryReport report = emails().deliverPending(100, JOB);
        assertThat(report.suppressed()).isGreaterThanOrEqualTo(1);
        assertThat(emails().find(waiting.id()).orElseThrow().status()).isEqualTo(EmailStatus.SUPPRESSED);
        assertThat(sender.to(to)).hasSize(1);
    }

    @Test
    void trackingEventsMoveTheStatusForwardAndKeepFirstTimes() {
        String to = TestData.email("track");
        EmailLog queued = sent(to);
        EmailLog delivered = record(queued, EmailEvent.DELIVERED);
        assertThat(delivered.status()).isEqualTo(EmailStatus.DELIVERED);
        Instant firstDelivery = delivered.deliveredAt();
        clock.advance(java.time.Duration.ofMinutes(1));
        assertThat(record(queued, EmailEvent.DELIVERED).deliveredAt()).isEqualTo(firstDelivery);

        EmailLog clicked = record(queued, EmailEvent.CLICKED);
        record(queued, EmailEvent.CLICKED);
        assertThat(clicked.clickedAt()).isNotNull();
        assertThat(emails().find(queued.id()).orElseThrow().clickCount()).isEqualTo(2);

        // Open tracking is off in this class: the event changes nothing.
        EmailLog opened = record(queued, EmailEvent.OPENED);
        assertThat(opened.openedAt()).isNull();
        assertThat(opened.openCount()).isZero();
    }

    @Test
    void anEventForAnUnknownMessageIdIsNotFound() {
        assertThatThrownBy(() -> emails().recordEvent("<nope@acme.example>", EmailEvent.DELIVERED, JOB))
                .isInstanceOfSatisfying(NotFoundException.class, notFound("Email", "<nope@acme.example>"));
    }

    @Test
    void statsCountPerStatusAndPerTemplate() {
        Instant from = clock.instant();
        clock.advance(java.time.Duration.ofSeconds(1));
        String key = MessagingTests.key("stats");
        portal().service(EmailTemplateService.class).create(key, "en", TemplateContent.of("S", null, "t"), ADMIN);
        String a = TestData.email("s1");
        String b = TestData.email("s2");
        EmailLog sentOne = emails().queue(key, "en", a, Map.of(), null, ADMIN);
        emails().deliverPending(100, JOB);
        emails().queue(key, "en", b, Map.of(), null, ADMIN);
        record(sentOne, EmailEvent.DELIVERED);
        clock.advance(java.time.Duration.ofSeconds(1));

        EmailStats stats = emails().stats(from, clock.instant());
        assertThat(stats.byTemplate().get(key)).containsEntry(EmailStatus.DELIVERED, 1L).containsEntry(EmailStatus.QUEUED, 1L);
        assertThat(stats.count(EmailStatus.DELIVERED)).isGreaterThanOrEqualTo(1);
        assertThat(stats.byStatus()).containsKeys(EmailStatus.values());
        assertThatThrownBy(() -> emails().stats(clock.instant(), from)).isInstanceOf(ValidationException.class);
    }

    @Test
    void deliverPendingInsideATransactionIsRefused() {
        assertThatThrownBy(() -> portal().inTransaction(() -> {
            emails().deliverPending(10, JOB);
        })).isInstanceOf(PortalException.class).hasMessageContaining("inside a transaction");
    }

    @Test
    void theLogListsNewestFirstByStatus() {
        String to = TestData.email("list");
        EmailLog one = queue(to);
        clock.advance(java.time.Duration.ofMillis(5));
        EmailLog two = queue(to);
        var page = emails().list(EmailStatus.QUEUED, PageRequest.first(1));
        assertThat(page.items()).hasSize(1);
        assertThat(page.items().get(0).id()).isEqualTo(two.id());
        var next = emails().list(EmailStatus.QUEUED, PageRequest.first(1).next(page));
        assertThat(next.items().get(0).id()).isEqualTo(one.id());
    }

    @Test
    void renderedBodiesLeaveTheLogOnceTheEmailIsSettled() {
        String to = TestData.email("bodies");
        EmailLog queued = queue(to);
        assertThat(MessagingTests.count(portal(), "email_logs WHERE id = ? AND text_body = 'Hello Ann'", queued.id()))
                .isEqualTo(1);
        emails().deliverPending(100, JOB);
        assertThat(MessagingTests.count(portal(),
                "email_logs WHERE id = ? AND text_body IS NULL AND html_body IS NULL AND subject = 'Welcome, Ann'",
                queued.id())).isEqualTo(1);
    }

    @Test
    void anEmailAboutAUserNeedsAnExistingUser() {
        String to = TestData.email("user");
        var user = MessagingTests.user(portal(), "Ann");
        EmailLog log = emails().queue(EmailRequest.of(WELCOME, "en", to, Map.of("name", "Ann"), null)
                .forUser(user.id()).withMetadata(Map.of("campaign", "spring")), ADMIN);
        assertThat(log.userId()).isEqualTo(user.id());
        assertThat(log.metadata()).containsEntry("campaign", "spring");
        assertThatThrownBy(() -> emails().queue(EmailRequest.of(WELCOME, "en", to, Map.of("name", "Ann"), null)
                .forUser(java.util.UUID.randomUUID()), ADMIN))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("userId")).isTrue());
    }

    @Test
    void anEmailThatRendersEmptyIsRefusedAndNothingIsQueued() {
        String key = MessagingTests.key("empty");
        portal().service(EmailTemplateService.class).create(key, "en",
                TemplateContent.of("{{subject}}", null, "{{content}}"), ADMIN);
        String to = TestData.email("empty");
        assertThatThrownBy(() -> emails().queue(key, "en", to, Map.of("subject", " ", "content", ""), null, ADMIN))
                .isInstanceOfSatisfying(TemplateRenderException.class, e -> {
                    assertThat(e.hasError("subject")).isTrue();
                    assertThat(e.hasError("body")).isTrue();
                });
        assertThat(MessagingTests.count(portal(), "email_logs WHERE to_address = ?", to)).isZero();
    }
}
