package dev.portalkit.messaging;

import dev.portalkit.core.NotFoundException;

/**
 * The message does not exist, was deleted by this user, or is not this user's (neither its sender
 * nor its recipient). The three cases answer alike on purpose: a user learns nothing about
 * messages that are not theirs, not even that they exist.
 */
public class MessageNotFoundException extends NotFoundException {

    private static final long serialVersionUID = 1L;

    public MessageNotFoundException(Object id) {
        super(MessagingError.MESSAGE_NOT_FOUND, id);
    }
}
