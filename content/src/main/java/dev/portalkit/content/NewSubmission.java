package dev.portalkit.content;

import dev.portalkit.core.spi.Values;
import java.util.Map;

/**
 * A form as a visitor sent it. The client's IP address and user agent come from the
 * {@link dev.portalkit.core.CallContext}, the optional submitting user from its actor.
 *
 * @param formKey  which form, e.g. {@code contact} or {@code newsletter.signup}
 * @param name     1 to 200 characters
 * @param email    an e-mail address, at most 254 characters
 * @param subject  at most 200 characters, or {@code null}
 * @param message  at most {@code ContentOptions.maxMessageLength} characters, or {@code null}
 * @param fields   extra fields (JSON object, at most 50 keys and 16 KB)
 * @param honeypot the value of the form's hidden honeypot field: people leave it empty
 */
public record NewSubmission(String formKey, String name, String email, String subject, String message,
                            Map<String, Object> fields, String honeypot) {

    public NewSubmission {
        fields = Values.copy(fields);
    }

    public static NewSubmission contact(String formKey, String name, String email, String subject, String message) {
        return new NewSubmission(formKey, name, email, subject, message, Map.of(), null);
    }

    public NewSubmission withFields(Map<String, Object> f) {
        return new NewSubmission(formKey, name, email, subject, message, f, honeypot);
    }

    public NewSubmission withHoneypot(String value) {
        return new NewSubmission(formKey, name, email, subject, message, fields, value);
    }
}
