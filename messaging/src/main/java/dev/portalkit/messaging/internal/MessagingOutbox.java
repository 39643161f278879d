package dev.portalkit.messaging.internal;

import dev.portalkit.core.CallContext;
import dev.portalkit.core.spi.Outbox;
import dev.portalkit.messaging.EmailRequest;
import dev.portalkit.messaging.EmailService;
import java.util.Map;
import java.util.UUID;

/** Core's {@link Outbox}, for modules that do not depend on messaging: {@link EmailService#queue}. Not API. */
final class MessagingOutbox implements Outbox {

    private final EmailService emails;

    MessagingOutbox(EmailService emails) {
        this.emails = emails;
    }

    @Override
    public UUID queue(String templateKey, String to, UUID userId, Map<String, ?> model, String idempotencyKey,
                      CallContext context) {
        return emails.queue(EmailRequest.of(templateKey, null, to, model, idempotencyKey).forUser(userId), context).id();
    }
}
