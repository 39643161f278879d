package dev.portalkit.messaging;

import dev.portalkit.core.PortalException;

/** A call needs a {@link MessagingOptions} setting the host did not give (a sender, a from address). */
public class MessagingNotConfiguredException extends PortalException {

    private static final long serialVersionUID = 1L;

    public MessagingNotConfiguredException(String what) {
        super(MessagingError.NOT_CONFIGURED, what);
    }
}
