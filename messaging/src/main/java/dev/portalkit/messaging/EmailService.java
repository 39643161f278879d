package dev.portalkit.messaging;

import dev.portalkit.core.Nullable;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.Page;
import dev.portalkit.core.PageRequest;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The e-mail outbox. {@link #queue} renders a template and writes the e-mail in the caller's
 * transaction, so it exists if and only if the business change around it commits; workers send it
 * later with {@link #deliverPending}, from any number of host instances at once.
 */
public interface EmailService {

    /**
     * Renders and queues an e-mail. Inside {@code portal.inTransaction(...)} it commits or rolls back
     * with the rest. An address that hard-bounced or complained before is logged as
     * {@link EmailStatus#SUPPRESSED} and never sent.
     *
     * @return the queued e-mail; for an idempotency key seen before, the e-mail queued the first time
     * @throws dev.portalkit.core.NotFoundException no template for the key in the locale or its fallbacks
     *         (PK-1011, entity {@code "Email template"}, id {@code key/locale})
     * @throws TemplateRenderException   the model lacks a variable the template needs
     * @throws dev.portalkit.core.ValidationException a bad address or idempotency key (nothing written)
     * @throws MessagingNotConfiguredException no from address in {@link MessagingOptions}
     */
    EmailLog queue(EmailRequest request, CallContext context);

    /** {@link #queue(EmailRequest, CallContext)} for the common case. */
    default EmailLog queue(String templateKey, @Nullable String locale, String to, @Nullable Map<String, ?> model,
                           @Nullable String idempotencyKey,
                           CallContext context) {
        return queue(EmailRequest.of(templateKey, locale, to, model, idempotencyKey), context);
    }

    /**
     * Claims up to {@code batchSize} due e-mails ({@code FOR UPDATE SKIP LOCKED}, so concurrent
     * workers never claim the same row), holds each under a lease, and sends them one by one through
     * the configured {@link EmailSender} outside any transaction. An e-mail whose worker died is
     * claimed again once its lease has ended. Call it from a scheduler; it returns when the batch is done.
     *
     * @param batchSize 1 to 1000
     * @throws MessagingNotConfiguredException no sender in {@link MessagingOptions}
     */
    DeliveryReport deliverPending(int batchSize, CallContext context);

    /**
     * Records a provider's tracking event for the e-mail with this {@code Message-ID} (or provider
     * message id). DELIVERED, BOUNCED and COMPLAINED move the status on; OPENED and CLICKED count,
     * and are ignored (nothing written) unless tracking is on. Repeated events keep the first time.
     *
     * @throws dev.portalkit.core.NotFoundException no e-mail has this id (PK-1011, entity {@code "Email"})
     */
    EmailLog recordEvent(String messageId, EmailEvent event, CallContext context);

    Optional<EmailLog> find(UUID id);

    Optional<EmailLog> findByMessageId(String messageId);

    /** Whether mail to this address is suppressed (it hard-bounced or complained). */
    boolean suppressed(String address);

    /** E-mails queued in {@code [from, to)}, counted per status and per template. */
    EmailStats stats(Instant from, Instant to);

    /**
     * The outbox's backlog: how many e-mails are due and not sent, and how long the oldest has been
     * due. One indexed statement, without a transaction of its own; for a health check or a
     * dashboard. With a meter registry the module also publishes it as the gauges
     * {@code portalkit.messaging.outbox.waiting} and {@code portalkit.messaging.outbox.oldest.age}
     * (README, "Metrics").
     */
    OutboxStatus outboxStatus();

    /** The log, newest first; {@code status} {@code null} for every status. */
    Page<EmailLog> list(@Nullable EmailStatus status, PageRequest page);
}
