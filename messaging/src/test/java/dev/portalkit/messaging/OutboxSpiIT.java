package dev.portalkit.messaging;

import static dev.portalkit.messaging.MessagingTests.ADMIN;
import static dev.portalkit.messaging.MessagingTests.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.auth.User;
import dev.portalkit.core.Portal;
import dev.portalkit.core.spi.Outbox;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.Race;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Core's Outbox SPI, as another module (billing) finds it: portal.service(Outbox.class). */
class OutboxSpiIT {

    @RegisterExtension
    static final PortalExtension kit = MessagingTests.portal(new InMemoryEmailSender(), null);

    private Portal portal() {
        return kit.portal();
    }

    @Test
    void queuedInARolledBackTransactionIsNothingAndInACommittedOneIsOneEmailPerKey() {
        Portal portal = portal();
        String key = MessagingTests.template(portal, "reminder", TemplateContent.of("Reminder", null, "Hi {{name}}", "name"));
        User ann = MessagingTests.user(portal, "outbox-ann");
        Outbox outbox = portal.service(Outbox.class);
        String idem = "reminder-" + UUID.randomUUID();

        assertThatThrownBy(() -> portal.inTransaction(() -> {
            outbox.queue(key, ann.email(), ann.id(), Map.of("name", "Ann"), idem, ADMIN);
            throw new IllegalStateException("the business change fails");
        })).hasMessageContaining("the business change fails");
        assertThat(count(portal, "email_logs WHERE idempotency_key = ?", idem)).isZero();

        UUID first = portal.inTransaction(() -> outbox.queue(key, ann.email(), ann.id(), Map.of("name", "Ann"), idem, ADMIN));
        UUID again = portal.inTransaction(() -> outbox.queue(key, ann.email(), ann.id(), Map.of("name", "Ann"), idem, ADMIN));
        assertThat(again).isEqualTo(first);
        assertThat(count(portal, "email_logs WHERE idempotency_key = ?", idem)).isEqualTo(1);
        EmailLog log = portal.service(EmailService.class).find(first).orElseThrow();
        assertThat(log.userId()).isEqualTo(ann.id());
        assertThat(log.toAddress()).isEqualTo(ann.email());
        assertThat(log.locale()).isEqualTo("en");

        // Racing callers with one key: one e-mail, every caller gets its id.
        String raced = "raced-" + UUID.randomUUID();
        List<Race.Outcome<UUID>> outcomes = Race.run(8, () -> portal.inTransaction(
                () -> outbox.queue(key, ann.email(), ann.id(), Map.of("name", "Ann"), raced, ADMIN)));
        assertThat(outcomes).noneMatch(Race.Outcome::failed);
        assertThat(outcomes.stream().map(Race.Outcome::value).distinct()).hasSize(1);
        assertThat(count(portal, "email_logs WHERE idempotency_key = ?", raced)).isEqualTo(1);
    }
}
