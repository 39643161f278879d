package dev.portalkit.messaging;

import dev.portalkit.core.NotFoundException;

/** No e-mail in the log has this id or Message-ID. */
public class EmailNotFoundException extends NotFoundException {

    private static final long serialVersionUID = 1L;

    public EmailNotFoundException(Object id) {
        super(MessagingError.EMAIL_NOT_FOUND, id);
    }
}
