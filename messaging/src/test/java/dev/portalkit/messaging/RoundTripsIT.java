package dev.portalkit.messaging;

import static dev.portalkit.messaging.MessagingTests.ADMIN;
import static dev.portalkit.messaging.MessagingTests.JOB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portalkit.auth.User;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.PageRequest;
import dev.portalkit.core.Portal;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.TestData;
import dev.portalkit.testing.WireCounter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Round trips per messaging call, counted on the wire as the benchmarks count them: a second Portal
 * on the same database talks to PostgreSQL through {@link WireCounter}. Each figure is the least of
 * three calls, so a pool's occasional connection check does not count.
 */
class RoundTripsIT {

    private static final String WELCOME = "welcome";

    @RegisterExtension
    static final PortalExtension kit = MessagingTests.portal(null, null);

    private static WireCounter wire;
    private static Portal counted;
    private static User ann;
    private static User bob;
    private static Message letter;
    private static EmailLog mail;
    private static final AtomicInteger sequence = new AtomicInteger();

    @BeforeAll
    static void countedPortal() throws Exception {
        Portal p = kit.portal();
        p.service(EmailTemplateService.class).create(WELCOME, "en",
                TemplateContent.of("Welcome, {{name}}", "<p>Hello {{name}}</p>", "Hello {{name}}", "name"), ADMIN);
        for (int i = 0; i < 3; i++) {
            p.service(EmailTemplateService.class).create("cold-" + i, "en", TemplateContent.of("Hi", null, "Hi {{name}}"), ADMIN);
        }
        ann = MessagingTests.user(p, "Ann");
        bob = MessagingTests.user(p, "Bob");
        letter = p.service(MessageService.class).send(new NewMessage(ann.id(), bob.id(), "Lunch?", "Noon?"), ADMIN);
        mail = p.service(EmailService.class).queue(WELCOME, "en", TestData.email("seen"), Map.of("name", "Ann"),
                null, ADMIN);

        wire = WireCounter.inFrontOf(kit.database());
        counted = MessagingTests.another(kit, wire.jdbcUrl(), MessagingOptions.builder().from(MessagingTests.FROM)
                .sender(new InMemoryEmailSender()).build()).minimumIdle(1).maximumPoolSize(2).build();
    }

    @AfterAll
    static void close() throws Exception {
        if (counted != null) {
            counted.close();
        }
        if (wire != null) {
            wire.close();
        }
    }

    private static long trips(Runnable call) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            best = Math.min(best, wire.roundTripsOf(call));
        }
        return best;
    }

    private static String nextKey() {
        return "rt-" + sequence.incrementAndGet() + "-" + System.nanoTime();
    }

    @Test
    void everyMessagingCallTakesTheRoundTripsAHandWrittenDaoWould() {
        EmailService emails = counted.service(EmailService.class);
        EmailTemplateService templates = counted.service(EmailTemplateService.class);
        MessageService messages = counted.service(MessageService.class);
        CallContext actor = CallContext.of(ann.id(), "203.0.113.9", "JUnit");
        String repeated = nextKey();
        emails.queue(WELCOME, "en", TestData.email("warm"), Map.of("name", "Ann"), repeated, ADMIN);
        AtomicInteger cold = new AtomicInteger();
        Instant from = Instant.now().minus(1, ChronoUnit.DAYS);
        Instant to = Instant.now().plus(1, ChronoUnit.DAYS);

        Map<String, Long> measured = new LinkedHashMap<>();
        Map<String, Long> expected = new LinkedHashMap<>();
        // One statement (idempotency key, template version check, suppression, INSERT, its audit row)
        // with the COMMIT.
        measured.put("queue, new key, template seen before", trips(() -> emails.queue(WELCOME, "en",
                TestData.email("q"), Map.of("name", "Ann"), nextKey(), ADMIN)));
        expected.put("queue, new key, template seen before", 1L);
        // The same: the audit INSERT reads the actor's e-mail and role itself.
        measured.put("queue, new key, with an actor", trips(() -> emails.queue(WELCOME, "en",
                TestData.email("q"), Map.of("name", "Ann"), nextKey(), actor)));
        expected.put("queue, new key, with an actor", 1L);
        // The same: the statement checks the user too.
        measured.put("queue, new key, about a user", trips(() -> emails.queue(EmailRequest.of(WELCOME, "en",
                TestData.email("q"), Map.of("name", "Ann"), nextKey()).forUser(bob.id()), actor)));
        expected.put("queue, new key, about a user", 1L);
        // The statement finds the first e-mail; nothing is audited; the COMMIT rides with it.
        measured.put("queue, repeated key", trips(() -> emails.queue(WELCOME, "en", TestData.email("q"),
                Map.of("name", "Ann"), repeated, ADMIN)));
        expected.put("queue, repeated key", 1L);
        // First use of a template by this Portal: its SELECT first.
        measured.put("queue, template not seen before", trips(() -> emails.queue("cold-" + cold.getAndIncrement(), "en",
                TestData.email("q"), Map.of("name", "Ann"), nextKey(), ADMIN)));
        expected.put("queue, template not seen before", 2L);
        // One e-mail (there are plenty due): the claim (UPDATE, then COMMIT), the suppression check, and
        // the result with its audit row and the COMMIT.
        measured.put("deliverPending, batch of one", trips(() -> emails.deliverPending(1, JOB)));
        expected.put("deliverPending, batch of one", 4L);
        // One statement: both users checked, the INSERT, its audit row and the COMMIT.
        measured.put("message send", trips(() -> messages.send(new NewMessage(ann.id(), bob.id(), "Hi", "Hello"), actor)));
        expected.put("message send", 1L);
        // The message answered, then one statement as for send.
        measured.put("message reply", trips(() -> messages.reply(letter.id(), bob.id(), "Yes", actor)));
        expected.put("message reply", 2L);

        measured.put("email find", trips(() -> emails.find(mail.id())));
        measured.put("email findByMessageId", trips(() -> emails.findByMessageId(mail.messageId())));
        measured.put("email suppressed", trips(() -> emails.suppressed("x@example.com")));
        measured.put("email stats", trips(() -> emails.stats(from, to)));
        measured.put("email list", trips(() -> emails.list(null, PageRequest.first(20))));
        measured.put("template find", trips(() -> templates.find(WELCOME, "en")));
        measured.put("template resolve", trips(() -> templates.resolve(WELCOME, "en-GB")));
        measured.put("template preview", trips(() -> templates.preview(WELCOME, "en", Map.of("name", "Ann"))));
        measured.put("template versions", trips(() -> templates.versions(WELCOME, "en")));
        measured.put("template list", trips(() -> templates.list(PageRequest.first(20))));
        measured.put("message get", trips(() -> messages.get(letter.id(), bob.id())));
        measured.put("message inbox", trips(() -> messages.inbox(bob.id(), PageRequest.first(20))));
        measured.put("message sent", trips(() -> messages.sent(ann.id(), PageRequest.first(20))));
        measured.put("message thread", trips(() -> messages.thread(letter.threadId(), bob.id(), PageRequest.first(20))));
        measured.put("message unreadCount", trips(() -> messages.unreadCount(bob.id())));
        for (String read : measured.keySet()) {
            expected.putIfAbsent(read, 1L);
        }

        measured.forEach((call, n) -> System.out.println("round trips: " + call + " = " + n));
        assertThat(measured).as("round trips per call").containsExactlyEntriesOf(expected);
    }
}
