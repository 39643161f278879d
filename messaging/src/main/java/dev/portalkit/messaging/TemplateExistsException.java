package dev.portalkit.messaging;

import dev.portalkit.core.ConflictException;

/** A live template with the same key and locale exists: update it instead, or delete it first. */
public class TemplateExistsException extends ConflictException {

    private static final long serialVersionUID = 1L;

    public TemplateExistsException() {
        super(MessagingError.TEMPLATE_EXISTS);
    }
}
