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
 */
public record TemplateContent(String subject, String htmlBody, String textBody, List<String> variables,
                              String description) {

    public TemplateContent {
        variables = Values.copy(variables); // keeps a null element for validation to report
    }

    public static TemplateContent of(String subject, String htmlBody, String textBody, String... variables) {
        return new TemplateContent(subject, htmlBody, textBody, List.of(variables), null);
    }
}
