package dev.portalkit.messaging;

import java.util.UUID;

/**
 * A template rendered with a model: what would be sent. {@code toString()} leaves the bodies out,
 * since they may carry links with tokens.
 *
 * @param locale the locale of the template used, after fallback (asking for {@code de-AT} may give {@code de})
 */
public record RenderedEmail(UUID templateId, String templateKey, int templateVersion, String locale, String subject,
                            String htmlBody, String textBody) {

    @Override
    public String toString() {
        return "RenderedEmail[" + templateKey + " v" + templateVersion + " " + locale + ", subject=" + subject + "]";
    }
}
