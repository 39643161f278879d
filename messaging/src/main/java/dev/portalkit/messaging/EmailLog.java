package dev.portalkit.messaging;

import dev.portalkit.core.spi.Values;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One e-mail of the outbox and what became of it. Leaves the rendered bodies out on purpose: they
 * may carry tokens, and this record is what gets listed and logged.
 *
 * @param messageId         the {@code Message-ID} header, fixed when queued, the same on every attempt
 * @param attempts          how many times a worker claimed it
 * @param dueAt             QUEUED: when the next attempt may start; SENDING: when the worker's lease ends
 * @param lastError         why the last attempt failed, or {@code null}
 * @param providerMessageId what the sender returned (e.g. the SMTP server's queue id), or {@code null}
 * @param category          the category of the template version it was rendered from ({@code transactional}
 *                          or e.g. {@code newsletter}): decides the List-Unsubscribe headers and opt-outs
 */
public record EmailLog(UUID id, UUID templateId, String templateKey, int templateVersion, String locale, UUID userId,
                       String fromAddress, String toAddress, String subject, String messageId, String idempotencyKey,
                       EmailStatus status, int attempts, Instant dueAt, String lastError, String providerMessageId,
                       Instant sentAt, Instant deliveredAt, Instant bouncedAt, Instant complainedAt, Instant failedAt,
                       Instant openedAt, int openCount, Instant clickedAt, int clickCount, Map<String, Object> metadata,
                       Instant createdAt, Instant updatedAt, String category) {

    /** 0.1.0's constructor, kept for binary compatibility: a transactional e-mail. */
    @Deprecated
    public EmailLog(UUID id, UUID templateId, String templateKey, int templateVersion, String locale, UUID userId,
                    String fromAddress, String toAddress, String subject, String messageId, String idempotencyKey,
                    EmailStatus status, int attempts, Instant dueAt, String lastError, String providerMessageId,
                    Instant sentAt, Instant deliveredAt, Instant bouncedAt, Instant complainedAt, Instant failedAt,
                    Instant openedAt, int openCount, Instant clickedAt, int clickCount, Map<String, Object> metadata,
                    Instant createdAt, Instant updatedAt) {
        this(id, templateId, templateKey, templateVersion, locale, userId, fromAddress, toAddress, subject, messageId,
                idempotencyKey, status, attempts, dueAt, lastError, providerMessageId, sentAt, deliveredAt, bouncedAt,
                complainedAt, failedAt, openedAt, openCount, clickedAt, clickCount, metadata, createdAt, updatedAt,
                TemplateContent.TRANSACTIONAL);
    }

    public EmailLog {
        metadata = Values.copy(metadata);
    }
}
