package dev.portalkit.messaging;

import dev.portalkit.core.spi.Values;
import java.util.List;

/**
 * What a template version says. Subject and bodies are Mustache templates
 * ({@code Hello {{name}}}); in the HTML body every {@code {{variable}}} is HTML-escaped, so model
 * values cannot inject markup ({@code {{{variable}}}} opts out, for values the host trusts).
 * Subject and text body are not escaped (they are not HTML); line breaks in a rendered subject
 * become spaces.
 *
 * @param subject     1 to 998 characters
 * @param htmlBody    the HTML part, or {@code null} for a text-only e-mail
 * @param textBody    the plain text part, or {@code null} for an HTML-only e-mail (one body is required)
 * @param variables   the model keys the template needs: rendering without one of them is a
 *                    {@link TemplateRenderException}; names such as {@code name} or {@code resetUrl}
 * @param description what the template is for, or {@code null}
 * @param category    {@link #TRANSACTIONAL}, or a lowercase key ({@code [a-z][a-z0-9_-]{0,39}}, e.g.
 *                    {@code marketing}, {@code newsletter}, {@code notification}) naming mail a recipient may
 *                    unsubscribe from: its e-mails carry RFC 8058 {@code List-Unsubscribe} headers and are
 *                    not sent to an address that opted out of the category. {@code null}: transactional
 *                    for a new template, the current version's category for an update
 */
public record TemplateContent(String subject, String htmlBody, String textBody, List<String> variables,
                              String description, String category) {

    /** The category of mail a recipient cannot unsubscribe from: password resets, receipts, security notices. */
    public static final String TRANSACTIONAL = "transactional";

    public TemplateContent {
        variables = Values.copy(variables); // keeps a null element for validation to report
    }

    /** A transactional template's content (or, for an update, one that keeps the category). */
    public TemplateContent(String subject, String htmlBody, String textBody, List<String> variables, String description) {
        this(subject, htmlBody, textBody, variables, description, null);
    }

    public static TemplateContent of(String subject, String htmlBody, String textBody, String... variables) {
        return new TemplateContent(subject, htmlBody, textBody, List.of(variables), null, null);
    }

    /** This content in {@code category}, e.g. {@code TemplateContent.of(...).inCategory("newsletter")}. */
    public TemplateContent inCategory(String category) {
        return new TemplateContent(subject, htmlBody, textBody, variables, description, category);
    }
}
