package dev.portalkit.messaging;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One version of an e-mail template. Editing a template creates a new version (a new id); the
 * old version stays, superseded, so every e-mail in the log still names the text it was sent with.
 *
 * @param version      1 for a new template, +1 with every edit
 * @param createdBy    who wrote this version ({@code CallContext.actorId()}), or {@code null}
 * @param supersededAt when a newer version replaced this one, or {@code null} for the current one
 * @param category     {@code transactional} (never carries an unsubscribe link, ignores opt-outs) or the
 *                     key of a category recipients may unsubscribe from, e.g. {@code newsletter}
 */
public record EmailTemplate(UUID id, String key, String locale, int version, String subject, String htmlBody,
                            String textBody, List<String> variables, String description, String category, UUID createdBy,
                            Instant supersededAt, Instant createdAt, Instant updatedAt, Instant deletedAt) {

    /** 0.1.0's constructor, kept for binary compatibility: a transactional template. */
    @Deprecated
    public EmailTemplate(UUID id, String key, String locale, int version, String subject, String htmlBody,
                         String textBody, List<String> variables, String description, UUID createdBy,
                         Instant supersededAt, Instant createdAt, Instant updatedAt, Instant deletedAt) {
        this(id, key, locale, version, subject, htmlBody, textBody, variables, description, null, createdBy,
                supersededAt, createdAt, updatedAt, deletedAt);
    }

    public EmailTemplate {
        variables = variables == null ? List.of() : List.copyOf(variables);
        category = category == null ? TemplateContent.TRANSACTIONAL : category;
    }

    /** Whether e-mail of this template is {@link TemplateContent#TRANSACTIONAL}. */
    public boolean transactional() {
        return TemplateContent.TRANSACTIONAL.equals(category);
    }

    public boolean current() {
        return supersededAt == null && deletedAt == null;
    }

    public TemplateContent content() {
        return new TemplateContent(subject, htmlBody, textBody, variables, description, category);
    }
}
