package dev.portalkit.messaging;

import static dev.portalkit.messaging.MessagingTests.ADMIN;
import static dev.portalkit.messaging.MessagingTests.JOB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.Race;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two workers at once over one outbox: every e-mail is sent exactly once. */
class DeliveryRaceIT {

    static final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();

    @RegisterExtension
    static final PortalExtension kit = MessagingTests.portal(email -> {
        received.computeIfAbsent(email.messageId(), k -> new AtomicInteger()).incrementAndGet();
        Thread.yield();
        return "250 ok";
    }, null);

    @Test
    void twoWorkersOverFiveHundredQueuedEmailsSendEachExactlyOnce() {
        EmailService emails = kit.portal().service(EmailService.class);
        kit.portal().service(EmailTemplateService.class).create("race", "en",
                TemplateContent.of("Hi {{n}}", "<p>{{n}}</p>", "{{n}}", "n"), ADMIN);
        int total = 500;
        Set<String> queued = new HashSet<>();
        kit.portal().inTransaction(() -> {
            for (int i = 0; i < total; i++) {
                queued.add(emails.queue("race", "en", "user" + i + "@example.com", Map.of("n", i), null, ADMIN).messageId());
            }
        });

        List<int[]> workers = Race.run(2, () -> {
            int claimed = 0;
            int sent = 0;
            while (true) {
                DeliveryReport r = emails.deliverPending(25, JOB);
                if (r.claimed() == 0) {
                    return new int[] {claimed, sent};
                }
                claimed += r.claimed();
                sent += r.sent();
            }
        }).stream().map(Race.Outcome::value).toList();
        int[] a = workers.get(0);
        int[] b = workers.get(1);

        assertThat(received.keySet()).isEqualTo(queued);
        assertThat(received.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        assertThat(a[1] + b[1]).isEqualTo(total);
        assertThat(a[0] + b[0]).isEqualTo(total);
        // Both really worked: the race was run, not one worker after the other.
        assertThat(a[0]).isPositive();
        assertThat(b[0]).isPositive();
        assertThat(MessagingTests.count(kit.portal(), "email_logs WHERE status = 'SENT'")).isEqualTo(total);
        assertThat(MessagingTests.count(kit.portal(), "activity_logs WHERE action = 'email.sent'")).isEqualTo(total);
    }
}
