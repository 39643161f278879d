package dev.portalkit.messaging;

import dev.portalkit.core.ErrorCode;

/** Error codes of portalkit-messaging (range 5000-5999). */
public enum MessagingError implements ErrorCode {
    TEMPLATE_NOT_FOUND(5000, "No e-mail template '%s' for locale %s (nor any fallback locale)"),
    TEMPLATE_EXISTS(5001, "A live e-mail template with this key and locale already exists"),
    TEMPLATE_RENDER_FAILED(5002, "Rendering the e-mail template failed: %s"),
    EMAIL_NOT_FOUND(5003, "E-mail %s was not found"),
    MESSAGE_NOT_FOUND(5004, "Message %s was not found"),
    NOT_CONFIGURED(5005, "portalkit-messaging is not configured for this: %s"),
    TEMPLATE_INVALID(5006, "Invalid e-mail template: %s");

    private final int number;
    private final String template;

    MessagingError(int number, String template) {
        this.number = number;
        this.template = template;
    }

    @Override
    public int number() {
        return number;
    }

    @Override
    public String template() {
        return template;
    }
}
