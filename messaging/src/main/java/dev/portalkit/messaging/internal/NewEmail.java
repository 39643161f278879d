package dev.portalkit.messaging.internal;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * An e-mail to queue, rendered from the template version {@code templateId}. Status and bodies are
 * decided by the statement, after its suppression check; the id is chosen here, so that the audit
 * event the statement writes can name it. Not API.
 */
public record NewEmail(UUID id, UUID templateId, String templateKey, int templateVersion, String locale, UUID userId, String from,
                String to, String subject, String htmlBody, String textBody, boolean retainBodies, String messageId,
                String idempotencyKey, Instant now, Map<String, Object> metadata, String category) {
}
