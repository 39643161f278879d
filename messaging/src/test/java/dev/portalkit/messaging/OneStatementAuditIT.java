package dev.portalkit.messaging;

import static dev.portalkit.messaging.MessagingTests.ADMIN;
import static dev.portalkit.messaging.MessagingTests.JOB;
import static dev.portalkit.messaging.MessagingTests.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.auth.User;
import dev.portalkit.auth.UserService;
import dev.portalkit.core.ActivityLog;
import dev.portalkit.core.Portal;
import dev.portalkit.core.ValidationException;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.Queries;
import dev.portalkit.testing.Race;
import dev.portalkit.testing.TestData;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Queueing an e-mail, sending or replying to a message and recording a delivery result each end their
 * transaction with one statement that also writes the audit row (core's AuditTrail.lastStatement). The
 * rows must be exactly those the separate audit INSERT wrote before, written only when the statement
 * changed something, and inside a host's transaction the statement must not commit.
 */
class OneStatementAuditIT {

    private static final Map<String, Object> ANN = Map.of("name", "Ann");

    @RegisterExtension
    static final PortalExtension kit = MessagingTests.portal(new InMemoryEmailSender(), null);

    private static Portal portal() {
        return kit.portal();
    }

    private static EmailService emails() {
        return portal().service(EmailService.class);
    }

    private static MessageService messages() {
        return portal().service(MessageService.class);
    }

    private static String template(String name) {
        return MessagingTests.template(portal(), name,
                TemplateContent.of("Hi {{name}}", "<p>Hi {{name}}</p>", "Hi {{name}}", "name"));
    }

    /** A template this Portal has queued with once, so its next queue calls take the one-statement path. */
    private static String cachedTemplate(String name) {
        String key = template(name);
        emails().queue(key, "en", TestData.email("warm"), ANN, null, ADMIN);
        return key;
    }

    /** Every audit row about {@code entityId}, one line each, oldest first, in a form the tests compare. */
    private static List<String> trail(UUID entityId) {
        return lines("SELECT action || ' ' || entity_type || ' by ' || coalesce(actor_email, '-') || '/'"
                + " || coalesce(actor_role::text, '-') || ' from ' || coalesce(host(ip), '-') || ' ' || coalesce(user_agent, '-')"
                + " || ' before=' || coalesce(before::text, 'null') || ' after=' || coalesce(after::text, 'null')"
                + " || ' metadata=' || coalesce(metadata::text, 'null')"
                + " FROM " + portal().schema() + ".activity_logs WHERE entity_id = ? ORDER BY seq", entityId);
    }

    private static List<String> lines(String sql, Object... params) {
        return Queries.column(portal().dataSource(), sql, params);
    }

    /** The JSON PostgreSQL prints for the metadata of a queued e-mail (jsonb orders keys by length, then bytes). */
    private static String queuedMetadata(EmailLog e) {
        return "{\"to\": \"" + e.toAddress() + "\", \"locale\": \"" + e.locale() + "\", \"template\": \"" + e.templateKey()
                + "\", \"messageId\": \"" + e.messageId() + "\", \"templateVersion\": " + e.templateVersion() + "}";
    }

    @Test
    void aQueuedOrSuppressedEmailGetsTheAuditRowItAlwaysHadOnTheColdAndTheCachedPath() {
        User ann = MessagingTests.user(portal(), "Ann");
        String key = template("audit");
        String bounced = TestData.email("bounced");
        EmailLog old = emails().queue(key, "en", TestData.email("old"), ANN, null, ADMIN);
        MessagingTests.sql(portal(), "UPDATE ${schema}.email_logs SET status = 'BOUNCED', to_address = ? WHERE id = ?",
                bounced, old.id());
        String cold = template("audit-cold");

        List<EmailLog> queued = List.of(
                emails().queue(cold, "en", TestData.email("cold"), ANN, null, as(ann)),            // template SELECT first
                emails().queue(key, "en", TestData.email("hot"), ANN, MessagingTests.key("k"), as(ann)));
        for (EmailLog e : queued) {
            assertThat(e.status()).isEqualTo(EmailStatus.QUEUED);
            assertThat(trail(e.id())).containsExactly("email.queued email by " + ann.email() + "/MEMBER from 203.0.113.7 JUnit"
                    + " before=null after={\"status\": \"QUEUED\"} metadata=" + queuedMetadata(e));
        }
        String coldSuppressed = template("audit-cold-suppressed");
        List<EmailLog> suppressed = List.of(
                emails().queue(coldSuppressed, "en", bounced.toUpperCase(), ANN, null, as(ann)),
                emails().queue(key, "en", bounced, ANN, null, as(ann)));
        for (EmailLog e : suppressed) {
            assertThat(e.status()).isEqualTo(EmailStatus.SUPPRESSED);
            assertThat(trail(e.id())).containsExactly("email.suppressed email by " + ann.email() + "/MEMBER from 203.0.113.7 JUnit"
                    + " before=null after={\"status\": \"SUPPRESSED\"} metadata=" + queuedMetadata(e));
        }
        assertThat(portal().service(ActivityLog.class).verify().intact()).isTrue();
    }

    @Test
    void theUserCheckInTheQueueingStatementStillComesBeforeTheIdempotencyKey() {
        String key = cachedTemplate("user");
        User bea = MessagingTests.user(portal(), "Bea");
        String idempotencyKey = MessagingTests.key("welcome");
        EmailRequest request = EmailRequest.of(key, "en", bea.email(), ANN, idempotencyKey).forUser(bea.id());
        EmailLog first = emails().queue(request, ADMIN);
        assertThat(first.userId()).isEqualTo(bea.id());

        portal().service(UserService.class).delete(bea.id(), ADMIN);
        long rows = MessagingTests.count(portal(), "email_logs");
        long audits = MessagingTests.count(portal(), "activity_logs WHERE entity_type = 'email'");
        // As when users.find ran first: a user that is gone is an error even for a key used before.
        assertThatThrownBy(() -> emails().queue(request, ADMIN))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("userId")).isTrue());
        assertThatThrownBy(() -> emails().queue(EmailRequest.of(key, "en", bea.email(), ANN, MessagingTests.key("new"))
                .forUser(bea.id()), ADMIN))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("userId")).isTrue());
        assertThat(MessagingTests.count(portal(), "email_logs")).isEqualTo(rows);
        assertThat(MessagingTests.count(portal(), "activity_logs WHERE entity_type = 'email'")).isEqualTo(audits);

        portal().service(UserService.class).restore(bea.id(), ADMIN);
        assertThat(emails().queue(request, ADMIN).id()).isEqualTo(first.id());
        assertThat(trail(first.id())).hasSize(1);
    }

    @Test
    void inAHostTransactionTheStatementsDoNotCommitAndItsRowsCommitOrRollBackWithIt() {
        String key = cachedTemplate("host");
        User ann = MessagingTests.user(portal(), "Ann");
        User bob = MessagingTests.user(portal(), "Bob");
        String lost = TestData.email("lost");
        assertThatThrownBy(() -> portal().inTransaction(() -> {
            emails().queue(key, "en", lost, ANN, null, as(ann));
            messages().send(new NewMessage(ann.id(), bob.id(), "Lost", "Never arrives"), as(ann));
            throw new IllegalStateException("the host changes its mind");
        })).hasMessageContaining("changes its mind");
        assertThat(MessagingTests.count(portal(), "email_logs WHERE to_address = ?", lost)).isZero();
        assertThat(MessagingTests.count(portal(), "email_messages WHERE recipient_id = ?", bob.id())).isZero();
        assertThat(MessagingTests.count(portal(), "activity_logs WHERE actor_id = ?", ann.id())).isZero();

        List<UUID> ids = portal().inTransaction(() -> List.of(
                emails().queue(key, "en", TestData.email("kept"), ANN, null, as(ann)).id(),
                messages().send(new NewMessage(ann.id(), bob.id(), "Kept", "Arrives"), as(ann)).id(),
                emails().queue(key, "en", TestData.email("kept"), ANN, null, as(ann)).id()));
        assertThat(lines("SELECT action || ' ' || entity_id FROM " + portal().schema()
                + ".activity_logs WHERE actor_id = ? ORDER BY seq", ann.id()))
                .containsExactly("email.queued " + ids.get(0), "message.sent " + ids.get(1), "email.queued " + ids.get(2));
        assertThat(portal().service(ActivityLog.class).verify().intact()).isTrue();
    }

    @Test
    void sendAndReplyGetTheAuditRowsTheyAlwaysHad() {
        User ann = MessagingTests.user(portal(), "Ann");
        User bob = MessagingTests.user(portal(), "Bob");
        Message sent = messages().send(new NewMessage(ann.id(), bob.id(), "Lunch?", "Noon?"), as(ann));
        Message reply = messages().reply(sent.id(), bob.id(), "Yes", as(bob));
        assertThat(trail(sent.id())).containsExactly("message.sent message by " + ann.email()
                + "/MEMBER from 203.0.113.7 JUnit before=null after=null metadata={\"senderId\": \"" + ann.id()
                + "\", \"threadId\": \"" + sent.id() + "\", \"recipientId\": \"" + bob.id() + "\"}");
        assertThat(trail(reply.id())).containsExactly("message.replied message by " + bob.email()
                + "/MEMBER from 203.0.113.7 JUnit before=null after=null metadata={\"senderId\": \"" + bob.id()
                + "\", \"threadId\": \"" + sent.id() + "\", \"recipientId\": \"" + ann.id() + "\"}");
    }

    @Test
    void aSenderOrRecipientThatIsNotALiveUserIsRefusedTheSenderFirstAndNothingIsWritten() {
        User ann = MessagingTests.user(portal(), "Ann");
        User bob = MessagingTests.user(portal(), "Bob");
        User gone = MessagingTests.user(portal(), "Gone");
        Message toGone = messages().send(new NewMessage(ann.id(), gone.id(), "Before", "you left"), as(ann));
        portal().service(UserService.class).delete(gone.id(), ADMIN);
        long rows = MessagingTests.count(portal(), "email_messages");
        long audits = MessagingTests.count(portal(), "activity_logs WHERE entity_type = 'message'");

        assertThatThrownBy(() -> messages().send(new NewMessage(UUID.randomUUID(), UUID.randomUUID(), "Hi", "x"), as(ann)))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.hasError("from")).isTrue();
                    assertThat(e.hasError("to")).isFalse();
                });
        assertThatThrownBy(() -> messages().send(new NewMessage(gone.id(), bob.id(), "Hi", "x"), as(ann)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("from")).isTrue());
        assertThatThrownBy(() -> messages().send(new NewMessage(ann.id(), gone.id(), "Hi", "x"), as(ann)))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.hasError("to")).isTrue();
                    assertThat(e.hasError("from")).isFalse();
                });
        // A reply goes to the other side of the message; the replying user itself is not checked, as before.
        assertThatThrownBy(() -> messages().reply(toGone.id(), ann.id(), "Still there?", as(ann)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("to")).isTrue());
        assertThat(MessagingTests.count(portal(), "email_messages")).isEqualTo(rows);
        assertThat(MessagingTests.count(portal(), "activity_logs WHERE entity_type = 'message'")).isEqualTo(audits);

        portal().service(UserService.class).restore(gone.id(), ADMIN);
        assertThat(messages().reply(toGone.id(), ann.id(), "Welcome back", as(ann)).recipientId()).isEqualTo(gone.id());
    }

    @Test
    void aDeliveryResultGetsTheAuditRowItAlwaysHad() {
        String key = template("deliver");
        EmailLog queued = emails().queue(key, "en", TestData.email("deliver"), ANN, null, ADMIN);
        emails().deliverPending(1000, JOB);
        assertThat(emails().find(queued.id()).orElseThrow().status()).isEqualTo(EmailStatus.SENT);
        assertThat(trail(queued.id())).containsExactly(
                "email.queued email by -/- from 203.0.113.9 JUnit browser before=null after={\"status\": \"QUEUED\"}"
                        + " metadata=" + queuedMetadata(queued),
                "email.sent email by -/- from - system:mail-worker before={\"status\": \"SENDING\"} after={\"status\": \"SENT\"}"
                        + " metadata={\"attempt\": 1, \"template\": \"" + key + "\"}");
    }

    @Test
    void sendingAndQueueingWhileTheUserIsDeletedAndRestoredNeverDeadlocks() {
        // restore locks the user's row FOR UPDATE and writes its audit row last. The one statement of send
        // and queue takes the audit chain's head before its foreign-key checks run: unless it locks the
        // user's row first, the two wait for each other.
        String key = cachedTemplate("churn");
        User ann = MessagingTests.user(portal(), "Ann");
        User bob = MessagingTests.user(portal(), "Bob");
        AtomicBoolean churning = new AtomicBoolean(true);
        AtomicInteger refused = new AtomicInteger();
        // Call 0 deletes and restores Bob; call 1 sends him messages, call 2 queues e-mails about him.
        List<Race.Outcome<Integer>> outcomes = Race.run(3, i -> i == 0 ? () -> {
            try {
                for (int n = 0; n < 25; n++) {
                    portal().service(UserService.class).delete(bob.id(), ADMIN);
                    // In a host transaction, so that a deadlock is not retried away but fails the test.
                    portal().inTransaction(() -> portal().service(UserService.class).restore(bob.id(), ADMIN));
                }
                return 25;
            } finally {
                churning.set(false);
            }
        } : () -> {
            int calls = 0;
            while (churning.get() || calls < 5) {
                try {
                    if (i == 2) {
                        emails().queue(EmailRequest.of(key, "en", bob.email(), ANN, null).forUser(bob.id()), as(ann));
                    } else {
                        messages().send(new NewMessage(ann.id(), bob.id(), "Hi", "again"), as(ann));
                    }
                } catch (ValidationException e) {
                    refused.incrementAndGet(); // Bob was deleted at that moment
                }
                calls++;
            }
            return calls;
        });
        assertThat(outcomes).allSatisfy(o -> assertThat(o.value()).isPositive());
        // Every message and e-mail written has its audit row, and no other was written.
        assertThat(MessagingTests.count(portal(), "activity_logs WHERE action = 'message.sent' AND metadata->>'recipientId' = ?",
                bob.id().toString())).isEqualTo(MessagingTests.count(portal(), "email_messages WHERE recipient_id = ?", bob.id()));
        assertThat(MessagingTests.count(portal(), "activity_logs WHERE action = 'email.queued' AND actor_id = ?", ann.id()))
                .isEqualTo(MessagingTests.count(portal(), "email_logs WHERE user_id = ?", bob.id()));
        assertThat(portal().service(ActivityLog.class).verify().intact()).isTrue();
    }
}
