package dev.portalkit.messaging.internal;

import dev.portalkit.auth.UserService;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.CoreError;
import dev.portalkit.core.Page;
import dev.portalkit.core.PageRequest;
import dev.portalkit.core.PortalException;
import dev.portalkit.core.TransientException;
import dev.portalkit.core.ValidationException;
import dev.portalkit.core.spi.AuditRows;
import dev.portalkit.core.spi.Cursors;
import dev.portalkit.core.spi.Validation;
import dev.portalkit.messaging.DeliveryReport;
import dev.portalkit.messaging.EmailEvent;
import dev.portalkit.messaging.EmailLog;
import dev.portalkit.messaging.EmailNotFoundException;
import dev.portalkit.messaging.EmailRequest;
import dev.portalkit.messaging.EmailSendException;
import dev.portalkit.messaging.EmailSender;
import dev.portalkit.messaging.EmailService;
import dev.portalkit.messaging.EmailStats;
import dev.portalkit.messaging.EmailStatus;
import dev.portalkit.messaging.EmailTemplate;
import dev.portalkit.messaging.MessagingNotConfiguredException;
import dev.portalkit.messaging.OutgoingEmail;
import dev.portalkit.messaging.RenderedEmail;
import dev.portalkit.messaging.TemplateNotFoundException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Not API: create through the Portal. */
public final class DefaultEmailService implements EmailService {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultEmailService.class);
    private static final int MAX_BATCH = 1000;
    private static final int MAX_ERROR = 2000;

    private final MessagingContext m;
    private final UserService users;
    private final TemplateHints hints = new TemplateHints();

    DefaultEmailService(MessagingContext m, UserService users) {
        this.m = m;
        this.users = users;
    }

    @Override
    public EmailLog queue(EmailRequest request, CallContext context) {
        Objects.requireNonNull(request, "null request");
        if (m.options.from() == null) {
            throw new MessagingNotConfiguredException("queueing e-mail needs a from address: MessagingOptions.builder().from(...)");
        }
        String to = request.to() == null ? null : request.to().strip();
        String tag = request.locale() == null ? m.options.defaultLocale() : Locales.normalize(request.locale());
        new Validation()
                .text("templateKey", request.templateKey(), 1, 100, DefaultEmailTemplateService.KEY,
                        "must be a lowercase key such as password-reset")
                .check("locale", tag != null, "must be a language tag such as en or de-AT")
                .check("to", Addresses.valid(to), "must be an e-mail address such as ann@example.com")
                .optionalText("idempotencyKey", request.idempotencyKey(), 200)
                .check("idempotencyKey", request.idempotencyKey() == null || !request.idempotencyKey().isBlank(),
                        "must not be blank")
                .throwIfInvalid();
        List<String> chain = Locales.chain(tag, m.options.defaultLocale());
        // Round trips: with the template version this Portal resolved before, one: a statement that checks
        // the user, finds the key or checks the version and suppression, inserts, audits and commits.
        EmailTemplate hint = hints.get(request.templateKey(), tag);
        RenderedEmail hinted = hint == null ? null : renderOrNull(hint, request.model());
        if (hinted != null) {
            EmailLog row = m.tx.call(() -> write(request, to, hint, hinted, chain, true, context));
            if (row != null) {
                return row;
            }
            // A newer version, a deletion, a racing call with the same key, a user that is not (or no
            // longer) live, or a model the hint cannot render: the full path below decides, exactly as
            // without a hint. A transaction of its own, as the statement above ended its transaction
            // (having written nothing); inside a host's transaction both join it.
        }
        EmailLog row = m.tx.call(() -> {
            if (request.userId() != null && users.find(request.userId()).isEmpty()) {
                throw new ValidationException("userId", "is not an existing user");
            }
            return queueResolving(request, to, tag, chain, context);
        });
        // No row: a concurrent call with the same key committed first; answer with its e-mail.
        return row != null ? row : m.tx.read(() -> m.logs().findByIdempotencyKey(request.idempotencyKey()));
    }

    /**
     * Inside the transaction: the template read first; the idempotency key still wins over any template
     * error. {@code null} when a racing call with the same key committed first.
     */
    private EmailLog queueResolving(EmailRequest request, String to, String tag, List<String> chain, CallContext context) {
        String key = request.idempotencyKey();
        EmailTemplate template = m.templates().resolve(request.templateKey(), chain);
        if (template == null) {
            return earlierOr(key, () -> new TemplateNotFoundException(request.templateKey(), tag));
        }
        RenderedEmail rendered;
        try {
            rendered = m.renderer.render(template, request.model());
        } catch (RuntimeException e) {
            return earlierOr(key, () -> e);
        }
        hints.put(request.templateKey(), tag, template);
        return write(request, to, template, rendered, null, false, context);
    }

    /**
     * Writes the e-mail, or finds the one queued before under the key, in the transaction's last
     * statement, which audits what it writes. With {@code chain}, writes only if {@code template} is still
     * the live version (else {@code null}); with {@code checkUser}, only for a live user (else {@code null}).
     * The audit row is today's: email.queued, or email.suppressed when the statement finds the address
     * suppressed; both events are handed to the statement, which writes the one matching the status it chose.
     */
    private EmailLog write(EmailRequest request, String to, EmailTemplate template, RenderedEmail rendered,
                           List<String> chain, boolean checkUser, CallContext context) {
        UUID id = UUID.randomUUID();
        String messageId = "<" + UUID.randomUUID() + "@" + m.options.messageIdDomain() + ">";
        Map<String, Object> meta = metadata(to, template, messageId);
        AuditRows queued = m.lastStatement("email.queued", "email", id, null,
                Map.of("status", EmailStatus.QUEUED.name()), meta, context);
        AuditRows suppressed = m.lastStatement("email.suppressed", "email", id, null,
                Map.of("status", EmailStatus.SUPPRESSED.name()), meta, context);
        return m.logs().queue(new NewEmail(id, template.id(), template.key(), template.version(), template.locale(),
                request.userId(), m.options.from(), to, rendered.subject(), rendered.htmlBody(),
                rendered.textBody(), m.options.retainBodies(), messageId, request.idempotencyKey(), m.now(),
                request.metadata()), chain, checkUser, queued, suppressed);
    }

    private EmailLog earlierOr(String key, Supplier<RuntimeException> failure) {
        EmailLog earlier = key == null ? null : m.logs().findByIdempotencyKey(key);
        if (earlier == null) {
            throw failure.get();
        }
        return earlier;
    }

    private RenderedEmail renderOrNull(EmailTemplate template, Map<String, ?> model) {
        try {
            return m.renderer.render(template, model);
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public DeliveryReport deliverPending(int batchSize, CallContext context) {
        EmailSender sender = m.options.sender();
        if (sender == null) {
            throw new MessagingNotConfiguredException("delivering e-mail needs a sender: MessagingOptions.builder().sender(...)");
        }
        if (batchSize < 1 || batchSize > MAX_BATCH) {
            throw new ValidationException("batchSize", "must be between 1 and " + MAX_BATCH);
        }
        if (m.tx.active()) {
            // The claim must commit before sending starts, or a rollback would hide what was sent.
            throw new PortalException(CoreError.INVALID_ARGUMENT, "deliverPending must not run inside a transaction");
        }
        UUID token = UUID.randomUUID();
        Instant now = m.now();
        List<ClaimedEmail> claimed = m.tx.call(() -> m.logs().claim(now, now.plus(m.options.lease()), token, batchSize));
        int sent = 0;
        int retrying = 0;
        int failed = 0;
        int unknown = 0;
        int suppressed = 0;
        int lost = 0;
        for (ClaimedEmail c : claimed) {
            Outcome outcome;
            boolean recorded;
            try {
                outcome = deliver(sender, c);
                recorded = record(c, outcome, context);
            } catch (TransientException e) {
                // The database failed for this one e-mail: the rest of the batch still goes out, and the
                // claim's lease hands this one to a later run (same Message-ID, so receivers can drop a copy).
                lost++;
                LOG.warn("E-mail {}: its result could not be recorded ({}); it is retried after the lease", c.id(), e.code());
                continue;
            }
            if (!recorded) {
                lost++;
                LOG.warn("E-mail {}: the lease ended before the result ({}) was recorded; another worker has it",
                        c.id(), outcome.status());
                continue;
            }
            switch (outcome.status()) {
                case SENT -> sent++;
                case QUEUED -> retrying++;
                case FAILED -> failed++;
                case UNKNOWN -> unknown++;
                case SUPPRESSED -> suppressed++;
                default -> throw new IllegalStateException("unexpected outcome " + outcome.status());
            }
        }
        return new DeliveryReport(claimed.size(), sent, retrying, failed, unknown, suppressed, lost);
    }

    /** What became of one attempt; {@code status} QUEUED means "retry at {@code dueAt}". */
    private record Outcome(EmailStatus status, String error, String providerMessageId, Instant dueAt) {
    }

    private Outcome deliver(EmailSender sender, ClaimedEmail c) {
        if (c.attempts() > m.options.maxAttempts()) {
            // Only a lease that ended during the last allowed attempt gets here: that worker may have sent it.
            return new Outcome(EmailStatus.UNKNOWN,
                    "the worker of attempt " + (c.attempts() - 1) + " stopped before recording a result", null, null);
        }
        if (m.tx.read(() -> m.logs().suppressed(c.toAddress()))) {
            return new Outcome(EmailStatus.SUPPRESSED, "the address bounced or complained before", null, null);
        }
        OutgoingEmail email = new OutgoingEmail(c.id(), c.messageId(), c.attempts(), c.fromAddress(), c.toAddress(),
                c.subject(), c.htmlBody(), c.textBody());
        try {
            String providerId = sender.send(email);
            return new Outcome(EmailStatus.SENT, null, providerId == null ? null : truncate(providerId, 250), null);
        } catch (EmailSendException e) {
            String error = truncate(describe(e), MAX_ERROR);
            return switch (e.kind()) {
                case PERMANENT -> new Outcome(EmailStatus.FAILED, error, null, null);
                case OUTCOME_UNKNOWN -> new Outcome(EmailStatus.UNKNOWN, error, null, null);
                case TRANSIENT -> retryOrFail(c, error);
            };
        } catch (RuntimeException e) {
            return retryOrFail(c, truncate(describe(e), MAX_ERROR));
        }
    }

    private Outcome retryOrFail(ClaimedEmail c, String error) {
        if (c.attempts() >= m.options.maxAttempts()) {
            return new Outcome(EmailStatus.FAILED, error, null, null);
        }
        return new Outcome(EmailStatus.QUEUED, error, null, m.now().plus(backoff(c.attempts())));
    }

    /** base * 2^(attempt-1), at most the configured maximum. */
    Duration backoff(int attempt) {
        Duration base = m.options.backoffBase();
        Duration max = m.options.backoffMax();
        int shift = Math.min(Math.max(attempt - 1, 0), 30);
        try {
            Duration d = base.multipliedBy(1L << shift);
            return d.compareTo(max) > 0 ? max : d;
        } catch (ArithmeticException e) {
            return max;
        }
    }

    private boolean record(ClaimedEmail c, Outcome o, CallContext context) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("attempt", c.attempts());
        meta.put("template", c.templateKey());
        if (o.error() != null) {
            meta.put("error", o.error());
        }
        if (o.dueAt() != null) {
            meta.put("nextAttemptAt", o.dueAt().toString());
        }
        String action = switch (o.status()) {
            case SENT -> "email.sent";
            case QUEUED -> "email.retry_scheduled";
            case FAILED -> "email.failed";
            case UNKNOWN -> "email.outcome_unknown";
            case SUPPRESSED -> "email.suppressed";
            default -> throw new IllegalStateException("unexpected outcome " + o.status());
        };
        // Safe to repeat: the update is fenced by the claim token, and the audit row goes with it. One
        // round trip: the update writes its audit row itself (none when the claim is no longer ours) and commits.
        return m.tx.callRetrying(() -> {
            AuditRows audit = m.lastStatement(action, "email", c.id(), Map.of("status", EmailStatus.SENDING.name()),
                    Map.of("status", o.status().name()), meta, context);
            int n = o.status() == EmailStatus.QUEUED
                    ? m.logs().retry(c.id(), c.claimToken(), o.dueAt(), o.error(), audit)
                    : m.logs().settle(c.id(), c.claimToken(), o.status(), m.now(), o.error(), o.providerMessageId(),
                            m.options.retainBodies(), audit);
            return n > 0;
        });
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
            return findByMessageId(id).orElseThrow(() -> new EmailNotFoundException(id));
        }
        return m.tx.call(() -> {
            EmailLog before = m.logs().findByMessageIdForUpdate(id);
            if (before == null) {
                throw new EmailNotFoundException(id);
            }
            EmailLog after = m.logs().recordEvent(before.id(), event.name(), m.now());
            m.audit("email.event_recorded", "email", after.id(), Map.of("status", before.status().name()),
                    Map.of("status", after.status().name()), Map.of("event", event.name()), context);
            return after;
        });
    }

    @Override
    public Optional<EmailLog> find(UUID id) {
        Objects.requireNonNull(id, "null id");
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
    public Page<EmailLog> list(EmailStatus status, PageRequest page) {
        Objects.requireNonNull(page, "null page");
        MessagingContext.Keyset after = MessagingContext.keyset(page.cursor());
        List<EmailLog> rows = m.tx.read(() -> m.logs().list(status, after.created(), after.id(), page.limit() + 1));
        if (rows.size() <= page.limit()) {
            return new Page<>(rows, null);
        }
        List<EmailLog> items = rows.subList(0, page.limit());
        EmailLog last = items.get(items.size() - 1);
        return new Page<>(items, Cursors.encode(last.createdAt(), last.id()));
    }

    /** The audit metadata of a queued e-mail: what its row holds, known before the row is written. */
    private static Map<String, Object> metadata(String to, EmailTemplate template, String messageId) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("to", to);
        meta.put("template", template.key());
        meta.put("templateVersion", template.version());
        meta.put("locale", template.locale());
        meta.put("messageId", messageId);
        return meta;
    }

    private static String describe(RuntimeException e) {
        String message = e.getMessage();
        String type = e instanceof EmailSendException ? "" : e.getClass().getSimpleName() + ": ";
        return type + (message == null ? "(no message)" : message);
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
