package dev.portalkit.messaging.internal;

import dev.portalkit.auth.UserService;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.ValidationException;
import dev.portalkit.core.spi.AuditRows;
import dev.portalkit.core.spi.Validation;
import dev.portalkit.messaging.EmailLog;
import dev.portalkit.messaging.EmailRequest;
import dev.portalkit.messaging.EmailStatus;
import dev.portalkit.messaging.EmailTemplate;
import dev.portalkit.messaging.MessagingNotConfiguredException;
import dev.portalkit.messaging.RenderedEmail;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@code EmailService.queue}: resolves and renders the template and writes the e-mail in the caller's
 * transaction, usually in one round trip thanks to the {@link TemplateHints}. Not API.
 */
final class EmailQueue extends MessagingServiceBase {

    private final UserService users;
    private final TemplateHints hints = new TemplateHints();

    EmailQueue(MessagingContext m, UserService users) {
        super(m);
        this.users = users;
    }

    EmailLog queue(EmailRequest request, CallContext context) {
        if (m.options.from() == null) {
            throw new MessagingNotConfiguredException("queueing e-mail needs a from address: MessagingOptions.builder().from(...)");
        }
        String to = request.to() == null ? null : request.to().strip();
        Validation v = new Validation();
        String tag = DefaultEmailTemplateService.checkKeyAndTag(v, "templateKey", request.templateKey(),
                m.tagOrDefault(request.locale()));
        v.check("to", Addresses.valid(to), "must be an e-mail address such as ann@example.com")
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
            EmailLog row = m.tx.call(() -> write(request, to, hint, hinted, chain, context));
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
        if (row != null) {
            return row;
        }
        // No row: a concurrent call with the same key committed first (answer with its e-mail), or the user
        // was deleted since the check above (the statement writes for a live user only).
        EmailLog earlier = m.tx.read(() -> m.logs().findByIdempotencyKey(request.idempotencyKey()));
        if (earlier == null && request.userId() != null) {
            throw new ValidationException("userId", "is not an existing user");
        }
        return earlier;
    }

    /**
     * Inside the transaction: the template read first; the idempotency key still wins over any template
     * error. {@code null} when a racing call with the same key committed first.
     */
    private EmailLog queueResolving(EmailRequest request, String to, String tag, List<String> chain, CallContext context) {
        String key = request.idempotencyKey();
        EmailTemplate template = m.templates().resolve(request.templateKey(), chain);
        if (template == null) {
            return earlierOr(key, () -> Missing.template(request.templateKey(), tag));
        }
        RenderedEmail rendered;
        try {
            rendered = m.renderer.render(template, request.model());
        } catch (RuntimeException e) {
            return earlierOr(key, () -> e);
        }
        hints.put(request.templateKey(), tag, template);
        return write(request, to, template, rendered, null, context);
    }

    /**
     * Writes the e-mail, or finds the one queued before under the key, in the transaction's last
     * statement, which audits what it writes. With {@code chain}, writes only if {@code template} is still
     * the live version (else {@code null}); with a user, only for a live user (else {@code null}).
     * The audit row is today's: email.queued, or email.suppressed when the statement finds the address
     * suppressed; both events are handed to the statement, which writes the one matching the status it chose.
     */
    private EmailLog write(EmailRequest request, String to, EmailTemplate template, RenderedEmail rendered,
                           List<String> chain, CallContext context) {
        if (!template.transactional() && m.options.unsubscribe() == null) {
            // Never an e-mail a recipient may refuse without a working, signed way to refuse it.
            throw new MessagingNotConfiguredException("e-mail of category '" + template.category()
                    + "' (template " + template.key() + ") needs one-click unsubscribe links: "
                    + "MessagingOptions.builder().unsubscribe(url, key), or make the template transactional");
        }
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
                request.metadata(), template.category()), chain, queued, suppressed);
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
}
