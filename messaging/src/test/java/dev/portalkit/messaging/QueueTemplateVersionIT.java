package dev.portalkit.messaging;

import static dev.portalkit.messaging.MessagingTests.ADMIN;
import static dev.portalkit.messaging.MessagingTests.notFound;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.core.NotFoundException;
import dev.portalkit.core.Portal;
import dev.portalkit.core.ValidationException;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.Race;
import dev.portalkit.testing.TestData;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Queueing remembers, per Portal, the template version a (key, locale) resolved to, and checks it
 * in the queueing statement itself. These tests publish, delete and restore templates through one
 * Portal while a second Portal on the same database, which has used the template before, queues:
 * it must never render an outdated version once the change has committed.
 */
class QueueTemplateVersionIT {

    private static final Map<String, Object> ANN = Map.of("name", "Ann");

    @RegisterExtension
    static final PortalExtension kit = MessagingTests.portal(null, null);

    /** Another instance of the application on the same database; it keeps the bodies of suppressed e-mails. */
    private static Portal other;

    @BeforeAll
    static void secondPortal() {
        other = MessagingTests.another(kit, kit.database().jdbcUrl(),
                MessagingOptions.builder().from(MessagingTests.FROM).retainBodies(true).build()).minimumIdle(0).build();
    }

    @AfterAll
    static void closeSecondPortal() {
        if (other != null) {
            other.close();
        }
    }

    private static EmailTemplateService templates(Portal p) {
        return p.service(EmailTemplateService.class);
    }

    private static EmailService emails(Portal p) {
        return p.service(EmailService.class);
    }

    private static TemplateContent version(int n) {
        return TemplateContent.of("Version " + n + " for {{name}}", "<p>Body " + n + "</p>", "Body " + n, "name");
    }

    private static String template(String name) {
        return MessagingTests.template(kit.portal(), name, version(1));
    }

    private static EmailLog queue(Portal p, String key, String locale) {
        return emails(p).queue(key, locale, TestData.email("to"), ANN, null, ADMIN);
    }

    private static long rows() {
        return MessagingTests.count(kit.portal(), "email_logs");
    }

    private static long audits() {
        return MessagingTests.count(kit.portal(), "activity_logs WHERE entity_type = 'email'");
    }

    @Test
    void aVersionPublishedThroughAnotherPortalIsUsedFromItsCommitOn() {
        String key = template("publish");
        assertThat(queue(other, key, "en").templateVersion()).isEqualTo(1);
        for (int n = 2; n <= 5; n++) {
            templates(kit.portal()).update(key, "en", version(n), n - 1, ADMIN);
            EmailLog queued = queue(other, key, "en");
            assertThat(queued.templateVersion()).isEqualTo(n);
            assertThat(queued.subject()).isEqualTo("Version " + n + " for Ann");
            assertThat(queue(kit.portal(), key, "en").templateVersion()).isEqualTo(n);
        }
    }

    @Test
    void aDeletedTemplateIsNotFoundByAPortalThatUsedItAndARestoredOneIsUsedAgain() {
        String key = template("deleted");
        EmailLog before = queue(other, key, "en");
        templates(kit.portal()).delete(key, "en", ADMIN);
        long rows = rows();
        long audits = audits();
        assertThatThrownBy(() -> queue(other, key, "en"))
                .isInstanceOfSatisfying(NotFoundException.class, notFound("Email template", key + "/en"));
        assertThat(rows()).isEqualTo(rows);
        assertThat(audits()).isEqualTo(audits);

        templates(kit.portal()).restore(key, "en", ADMIN);
        EmailLog after = queue(other, key, "en");
        assertThat(after.templateId()).isEqualTo(before.templateId());
        assertThat(after.subject()).isEqualTo("Version 1 for Ann");
    }

    @Test
    void aBetterMatchingLocaleCreatedLaterIsUsed() {
        String key = template("locale");
        assertThat(queue(other, key, "de-AT").locale()).isEqualTo("en");
        templates(kit.portal()).create(key, "de", TemplateContent.of("Hallo {{name}}", null, "Hallo", "name"), ADMIN);
        EmailLog queued = queue(other, key, "de-AT");
        assertThat(queued.locale()).isEqualTo("de");
        assertThat(queued.subject()).isEqualTo("Hallo Ann");
    }

    @Test
    void insideATransactionItsOwnNewVersionIsUsedAndARolledBackVersionNeverIs() {
        String key = template("tx");
        queue(other, key, "en");
        EmailLog two = other.inTransaction(() -> {
            templates(other).update(key, "en", version(2), 1, ADMIN);
            return queue(other, key, "en");
        });
        assertThat(two.templateVersion()).isEqualTo(2);

        String to = TestData.email("rolled-back");
        assertThatThrownBy(() -> other.inTransaction(() -> {
            templates(other).update(key, "en", version(3), 2, ADMIN);
            assertThat(emails(other).queue(key, "en", to, ANN, null, ADMIN).templateVersion()).isEqualTo(3);
            throw new IllegalStateException("the business change failed");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(MessagingTests.count(kit.portal(), "email_logs WHERE to_address = ?", to)).isZero();
        EmailLog after = queue(other, key, "en");
        assertThat(after.templateVersion()).isEqualTo(2);
        assertThat(after.subject()).isEqualTo("Version 2 for Ann");
    }

    @Test
    void aRepeatedKeyReturnsTheFirstEmailEvenWhenItsModelNoLongerFitsOrItsTemplateIsGone() {
        String key = template("repeat");
        String idempotencyKey = MessagingTests.key("signup");
        String to = TestData.email("repeat");
        EmailLog first = emails(other).queue(key, "en", to, ANN, idempotencyKey, ADMIN);
        assertThat(emails(other).queue(key, "en", to, Map.of(), idempotencyKey, ADMIN).id()).isEqualTo(first.id());
        assertThat(emails(kit.portal()).queue(key, "en", to, Map.of(), idempotencyKey, ADMIN).id()).isEqualTo(first.id());
        templates(kit.portal()).delete(key, "en", ADMIN);
        assertThat(emails(other).queue(key, "en", to, ANN, idempotencyKey, ADMIN).id()).isEqualTo(first.id());
        assertThat(emails(kit.portal()).queue(key, "en", to, ANN, idempotencyKey, ADMIN).id()).isEqualTo(first.id());
        assertThat(MessagingTests.count(kit.portal(), "email_logs WHERE idempotency_key = ?", idempotencyKey)).isEqualTo(1);
        assertThat(MessagingTests.count(kit.portal(), "activity_logs WHERE entity_id = ?", first.id())).isEqualTo(1);
    }

    @Test
    void withATemplateUsedBeforeBadInputIsStillATypedErrorAndWritesNothing() {
        String key = template("bad");
        queue(other, key, "en");
        queue(kit.portal(), key, "en");
        long rows = rows();
        long audits = audits();
        for (Portal p : List.of(other, kit.portal())) {
            assertThatThrownBy(() -> emails(p).queue(key, "en", TestData.email("x"), Map.of(), null, ADMIN))
                    .isInstanceOfSatisfying(TemplateRenderException.class, e -> assertThat(e.hasError("model.name")).isTrue());
            assertThatThrownBy(() -> emails(p).queue(EmailRequest.of(key, "en", TestData.email("x"), ANN, null)
                    .forUser(UUID.randomUUID()), ADMIN))
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("userId")).isTrue());
            assertThatThrownBy(() -> emails(p).queue(key, "en", "not an address", ANN, null, ADMIN))
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("to")).isTrue());
            assertThatThrownBy(() -> emails(p).queue(key, "en", TestData.email("x"), Map.of("name", new Object()),
                    null, ADMIN))
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("model")).isTrue());
        }
        assertThat(rows()).isEqualTo(rows);
        assertThat(audits()).isEqualTo(audits);
    }

    @Test
    void anAddressThatBouncedIsSuppressedByTheQueueingStatementWithTheBodiesTheOptionsAskFor() {
        String key = template("suppress");
        String to = TestData.email("bounced");
        EmailLog sent = queue(kit.portal(), key, "en");
        MessagingTests.sql(kit.portal(), "UPDATE ${schema}.email_logs SET status = 'BOUNCED', to_address = ? WHERE id = ?",
                to, sent.id());
        queue(other, key, "en");

        for (Portal p : List.of(kit.portal(), other)) {
            EmailLog suppressed = emails(p).queue(key, "en", to.toUpperCase(), ANN, null, ADMIN);
            assertThat(suppressed.status()).isEqualTo(EmailStatus.SUPPRESSED);
            assertThat(suppressed.failedAt()).isNotNull();
            assertThat(suppressed.subject()).isEqualTo("Version 1 for Ann");
            assertThat(MessagingTests.count(kit.portal(),
                    "activity_logs WHERE entity_id = ? AND action = 'email.suppressed' AND after->>'status' = 'SUPPRESSED'",
                    suppressed.id())).isEqualTo(1);
            // kit drops the bodies of suppressed e-mails (the default); other keeps them (retainBodies).
            long withBodies = MessagingTests.count(kit.portal(),
                    "email_logs WHERE id = ? AND text_body = 'Body 1' AND html_body = '<p>Body 1</p>'", suppressed.id());
            assertThat(withBodies).isEqualTo(p == other ? 1 : 0);
        }
        EmailLog queued = queue(other, key, "en");
        assertThat(queued.status()).isEqualTo(EmailStatus.QUEUED);
        assertThat(queued.failedAt()).isNull();
        assertThat(MessagingTests.count(kit.portal(),
                "activity_logs WHERE entity_id = ? AND action = 'email.queued' AND after->>'status' = 'QUEUED'"
                        + " AND metadata->>'templateVersion' = '1' AND metadata->>'messageId' = ?",
                queued.id(), queued.messageId())).isEqualTo(1);
    }

    @Test
    void racingCallsWithOneKeyOnTwoPortalsThatKnowTheTemplateQueueOneEmail() {
        String key = template("race");
        queue(other, key, "en");
        queue(kit.portal(), key, "en");
        String idempotencyKey = MessagingTests.key("race");
        String to = TestData.email("race");
        List<EmailLog> logs = Race.run(8, i -> () -> emails(i % 2 == 0 ? other : kit.portal())
                .queue(key, "en", to, ANN, idempotencyKey, ADMIN)).stream().map(Race.Outcome::value).toList();
        assertThat(logs).extracting(EmailLog::id).containsOnly(logs.get(0).id());
        assertThat(MessagingTests.count(kit.portal(), "email_logs WHERE idempotency_key = ?", idempotencyKey)).isEqualTo(1);
        assertThat(MessagingTests.count(kit.portal(), "activity_logs WHERE entity_id = ?", logs.get(0).id())).isEqualTo(1);
    }

    @Test
    void queueingWhilePublishesCommitNeverUsesAVersionOlderThanTheLastCommittedBeforeTheCall() {
        String key = template("churn");
        queue(other, key, "en");
        queue(kit.portal(), key, "en");
        AtomicInteger committed = new AtomicInteger(1);
        AtomicBoolean publishing = new AtomicBoolean(true);
        // Call 0 publishes versions 2 to 30; calls 1 to 3 queue meanwhile, through both Portals.
        List<Race.Outcome<Integer>> outcomes = Race.run(4, i -> i == 0 ? () -> {
            try {
                for (int n = 2; n <= 30; n++) {
                    templates(kit.portal()).update(key, "en", version(n), n - 1, ADMIN);
                    committed.set(n);
                }
                return 29;
            } finally {
                publishing.set(false);
            }
        } : () -> {
            Portal p = i == 1 ? kit.portal() : other;
            int calls = 0;
            while (publishing.get() || calls < 5) {
                int atLeast = committed.get();
                EmailLog queued = queue(p, key, "en");
                assertThat(queued.templateVersion()).isGreaterThanOrEqualTo(atLeast);
                assertThat(queued.subject()).isEqualTo("Version " + queued.templateVersion() + " for Ann");
                calls++;
            }
            return calls;
        });
        assertThat(outcomes).allSatisfy(o -> assertThat(o.value()).isPositive());
        assertThat(queue(other, key, "en").templateVersion()).isEqualTo(30);
        // Every row points at the version whose text it holds.
        assertThat(MessagingTests.count(kit.portal(), "email_logs l JOIN " + kit.portal().schema()
                + ".email_templates t ON t.id = l.template_id WHERE l.template_key = ?"
                + " AND (t.version <> l.template_version OR l.subject <> 'Version ' || t.version || ' for Ann')", key))
                .isZero();
    }
}
