package dev.portalkit.messaging.internal;

import dev.portalkit.auth.UserService;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.Page;
import dev.portalkit.core.PageRequest;
import dev.portalkit.core.ValidationException;
import dev.portalkit.core.spi.Cursors;
import dev.portalkit.core.spi.Validation;
import dev.portalkit.messaging.DeliveryReport;
import dev.portalkit.messaging.EmailEvent;
import dev.portalkit.messaging.EmailLog;
import dev.portalkit.messaging.EmailRequest;
import dev.portalkit.messaging.EmailService;
import dev.portalkit.messaging.EmailStats;
import dev.portalkit.messaging.EmailStatus;
import dev.portalkit.messaging.OutboxStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The outbox's entry points. Queueing is {@link EmailQueue}'s, delivery {@link DeliveryWorker}'s; tracking
 * events and the read side are here. Not API: create through the Portal.
 */
public final class DefaultEmailService extends MessagingServiceBase implements EmailService {

    private final EmailQueue queue;
    private final DeliveryWorker worker;

    DefaultEmailService(MessagingContext m, UserService users, UnsubscribeTokens tokens) {
        super(m);
        this.queue = new EmailQueue(m, users);
        this.worker = new DeliveryWorker(m, tokens);
    }

    @Override
    public EmailLog queue(EmailRequest request, CallContext context) {
        return queue.queue(request, context);
    }

    @Override
    public DeliveryReport deliverPending(int batchSize, CallContext context) {
        return worker.deliverPending(batchSize, context);
    }

    @Override
    public EmailLog recordEvent(String messageId, EmailEvent event, CallContext context) {
        new Validation().text("messageId", messageId, 1, 250).notNull("event", event).throwIfInvalid();
        String id = messageId.strip();
        boolean tracked = switch (event) {
            case OPENED -> m.options.trackOpens();
            case CLICKED -> m.options.trackClicks();
            default -> true;
        };
        if (!tracked) {
            return findByMessageId(id).orElseThrow(() -> Missing.email(id));
        }
        return m.tx.call(() -> {
            EmailLog before = m.logs().findByMessageIdForUpdate(id);
            if (before == null) {
                throw Missing.email(id);
            }
            EmailLog after = m.logs().recordEvent(before.id(), event.name(), m.now());
            m.audit("email.event_recorded", "email", after.id(), Map.of("status", before.status().name()),
                    Map.of("status", after.status().name()), Map.of("event", event.name()), context);
            return after;
        });
    }

    @Override
    public Optional<EmailLog> find(UUID id) {
        return Optional.ofNullable(m.tx.read(() -> m.logs().find(id)));
    }

    @Override
    public Optional<EmailLog> findByMessageId(String messageId) {
        if (messageId == null || messageId.isBlank() || messageId.length() > 250 || !Validation.clean(messageId)) {
            return Optional.empty();
        }
        return Optional.ofNullable(m.tx.read(() -> m.logs().findByMessageId(messageId.strip())));
    }

    @Override
    public boolean suppressed(String address) {
        String a = address == null ? null : address.strip();
        if (!Addresses.valid(a)) {
            throw new ValidationException("address", "must be an e-mail address such as ann@example.com");
        }
        return m.tx.read(() -> m.logs().suppressed(a));
    }

    @Override
    public EmailStats stats(Instant from, Instant to) {
        new Validation().notNull("from", from).notNull("to", to)
                .check("to", from == null || to == null || from.isBefore(to), "must be after from")
                .throwIfInvalid();
        List<StatsRow> rows = m.tx.read(() -> m.logs().stats(from, to));
        Map<EmailStatus, Long> byStatus = new EnumMap<>(EmailStatus.class);
        for (EmailStatus s : EmailStatus.values()) {
            byStatus.put(s, 0L);
        }
        Map<String, Map<EmailStatus, Long>> byTemplate = new HashMap<>();
        long total = 0;
        long opened = 0;
        long clicked = 0;
        for (StatsRow r : rows) {
            byStatus.merge(r.status(), r.total(), Long::sum);
            byTemplate.computeIfAbsent(r.templateKey(), k -> new EnumMap<>(EmailStatus.class)).merge(r.status(), r.total(), Long::sum);
            total += r.total();
            opened += r.opened();
            clicked += r.clicked();
        }
        Map<String, Map<EmailStatus, Long>> frozen = new HashMap<>();
        byTemplate.forEach((k, v) -> frozen.put(k, Map.copyOf(v)));
        return new EmailStats(from, to, total, byStatus, frozen, opened, clicked);
    }

    @Override
    public OutboxStatus outboxStatus() {
        Instant now = m.now();
        OutboxRow row = m.tx.read(() -> m.logs().outboxStatus(now));
        return row.waiting() == 0 ? OutboxStatus.EMPTY
                : new OutboxStatus(row.waiting(), Duration.between(row.oldestDueAt(), now));
    }

    @Override
    public Page<EmailLog> list(EmailStatus status, PageRequest page) {
        Cursors.TimeKey after = Cursors.timeKey(page.cursor());
        return Cursors.page(m.tx.read(() -> m.logs().list(status, after.at(), after.id(), page.limit() + 1)),
                page.limit(), last -> Cursors.encode(last.createdAt(), last.id()));
    }
}
