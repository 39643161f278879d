package dev.portalkit.messaging.internal;

import dev.portalkit.core.CallContext;
import dev.portalkit.core.CoreError;
import dev.portalkit.core.PortalException;
import dev.portalkit.core.TransientException;
import dev.portalkit.core.ValidationException;
import dev.portalkit.core.spi.AuditRows;
import dev.portalkit.messaging.DeliveryReport;
import dev.portalkit.messaging.EmailSendException;
import dev.portalkit.messaging.EmailSender;
import dev.portalkit.messaging.EmailStatus;
import dev.portalkit.messaging.MessagingNotConfiguredException;
import dev.portalkit.messaging.OutgoingEmail;
import dev.portalkit.messaging.TemplateContent;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code EmailService.deliverPending}: claims due e-mails under a lease, sends them outside any
 * transaction and records each result, fenced by the claim token. Not API.
 */
final class DeliveryWorker extends MessagingServiceBase {

    /** Under the e-mail service's name, the logger category hosts already configure. */
    private static final Logger LOG = LoggerFactory.getLogger(DefaultEmailService.class);
    private static final int MAX_BATCH = 1000;
    private static final int MAX_ERROR = 2000;

    private final UnsubscribeTokens tokens;

    DeliveryWorker(MessagingContext m, UnsubscribeTokens tokens) {
        super(m);
        this.tokens = tokens;
    }

    DeliveryReport deliverPending(int batchSize, CallContext context) {
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
        // Under limits the claim locks window rows: a deadlock or serialization failure is retried (it wrote nothing).
        List<ClaimedEmail> claimed = m.options.rateLimited()
                ? m.tx.callRetrying(() -> claim(now, token, batchSize))
                : m.tx.call(() -> claim(now, token, batchSize));
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

    /** The due rows, under per-domain limits when any is set (minute windows of the Portal's clock). */
    private List<ClaimedEmail> claim(Instant now, UUID token, int batchSize) {
        Instant leaseUntil = now.plus(m.options.lease());
        if (!m.options.rateLimited()) {
            return m.logs().claim(now, leaseUntil, token, batchSize);
        }
        Instant window = now.truncatedTo(ChronoUnit.MINUTES);
        Map<String, Object> overrides = new LinkedHashMap<>(m.options.domainRateLimits());
        return m.logs().claimLimited(now, leaseUntil, token, batchSize, window, window.plus(Duration.ofMinutes(1)),
                m.options.domainRateLimit(), overrides);
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
        String blocked = m.tx.read(() -> m.logs().blockReason(c.toAddress(), c.category()));
        if (blocked != null) {
            return new Outcome(EmailStatus.SUPPRESSED, blocked, null, null);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (!TemplateContent.TRANSACTIONAL.equals(c.category())) {
            if (!tokens.configured()) {
                // Configured when queued, since removed: never send it without a signed link.
                return new Outcome(EmailStatus.FAILED, "e-mail of category '" + c.category()
                        + "' needs MessagingOptions.unsubscribe(url, key), which is no longer set", null, null);
            }
            headers.put(OutgoingEmail.LIST_UNSUBSCRIBE, tokens.header(c.toAddress(), c.category()));
            headers.put(OutgoingEmail.LIST_UNSUBSCRIBE_POST, "List-Unsubscribe=One-Click");
        }
        OutgoingEmail email = new OutgoingEmail(c.id(), c.messageId(), c.attempts(), c.fromAddress(), c.toAddress(),
                c.subject(), c.htmlBody(), c.textBody(), headers);
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

    private static String describe(RuntimeException e) {
        String message = e.getMessage();
        String type = e instanceof EmailSendException ? "" : e.getClass().getSimpleName() + ": ";
        return type + (message == null ? "(no message)" : message);
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
