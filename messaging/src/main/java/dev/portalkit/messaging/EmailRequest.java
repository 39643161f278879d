package dev.portalkit.messaging;

import dev.portalkit.core.spi.Values;
import java.util.Map;
import java.util.UUID;

/**
 * An e-mail to queue from a template.
 *
 * @param templateKey    the template's key
 * @param locale         the recipient's locale (BCP 47), or {@code null} for the default; falls back
 * @param to             the recipient's address
 * @param model          the template's values; JSON-like values only (text, numbers, booleans, lists,
 *                       maps): it is converted as JSON before rendering, so templates cannot call
 *                       methods on host objects
 * @param idempotencyKey the same key never queues twice (the first e-mail is returned), or {@code null}
 * @param userId         the user the e-mail is about, or {@code null}
 * @param metadata       stored with the log row, e.g. a campaign id; never rendered
 */
public record EmailRequest(String templateKey, String locale, String to, Map<String, ?> model, String idempotencyKey,
                           UUID userId, Map<String, Object> metadata) {

    public EmailRequest {
        model = model == null ? Map.of() : model;
        metadata = Values.copy(metadata);
    }

    public static EmailRequest of(String templateKey, String locale, String to, Map<String, ?> model,
                                  String idempotencyKey) {
        return new EmailRequest(templateKey, locale, to, model, idempotencyKey, null, null);
    }

    public EmailRequest forUser(UUID user) {
        return new EmailRequest(templateKey, locale, to, model, idempotencyKey, user, metadata);
    }

    public EmailRequest withMetadata(Map<String, Object> more) {
        return new EmailRequest(templateKey, locale, to, model, idempotencyKey, userId, more);
    }

    @Override
    public String toString() {
        // The model may carry tokens (a reset link): never print it.
        return "EmailRequest[" + templateKey + ", locale=" + locale + ", to=" + to + "]";
    }
}
