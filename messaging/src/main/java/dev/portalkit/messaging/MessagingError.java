package dev.portalkit.messaging;

import dev.portalkit.core.ErrorCode;

/** Error codes of portalkit-messaging (range 5000-5999). */
public enum MessagingError implements ErrorCode {
    /** @deprecated no longer thrown; number reserved (a missing template is core's NotFoundException, PK-1011). */
    @Deprecated
    @Message("No e-mail template '%s' for locale %s (nor any fallback locale)")
    TEMPLATE_NOT_FOUND(5000),
    @Message("A live e-mail template with this key and locale already exists")
    TEMPLATE_EXISTS(5001),
    @Message("Rendering the e-mail template failed: %s")
    TEMPLATE_RENDER_FAILED(5002),
    /** @deprecated no longer thrown; number reserved (a missing e-mail is core's NotFoundException, PK-1011). */
    @Deprecated
    @Message("E-mail %s was not found")
    EMAIL_NOT_FOUND(5003),
    /** @deprecated no longer thrown; number reserved (a missing message is core's NotFoundException, PK-1011). */
    @Deprecated
    @Message("Message %s was not found")
    MESSAGE_NOT_FOUND(5004),
    @Message("portalkit-messaging is not configured for this: %s")
    NOT_CONFIGURED(5005),
    @Message("Invalid e-mail template: %s")
    TEMPLATE_INVALID(5006),
    @Message("The unsubscribe link is not valid: %s")
    UNSUBSCRIBE_TOKEN_INVALID(5007);

    private final int number;

    MessagingError(int number) {
        this.number = number;
    }

    @Override
    public int number() {
        return number;
    }
}
