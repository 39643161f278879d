package dev.portalkit.content;

import dev.portalkit.core.spi.Values;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A stored form submission. After anonymisation name, e-mail, subject, message, fields, IP, user
 * agent and user are empty and {@code anonymisedAt} is set.
 *
 * @param handledBy the user who last changed the status, {@code handledAt} when
 */
public record FormSubmission(UUID id, String formKey, String name, String email, String subject, String message,
                             Map<String, Object> fields, SubmissionStatus status, String sourceIp, String userAgent,
                             UUID userId, UUID handledBy, Instant handledAt, Instant submittedAt,
                             Instant anonymisedAt, Instant createdAt, Instant updatedAt) {

    public FormSubmission {
        fields = Values.copy(fields);
    }

    public boolean anonymised() {
        return anonymisedAt != null;
    }
}
