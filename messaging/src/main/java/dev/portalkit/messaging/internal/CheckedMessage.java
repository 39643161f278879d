package dev.portalkit.messaging.internal;

import dev.portalkit.messaging.Message;
import java.time.Instant;
import java.util.UUID;

/**
 * What {@link EmailMessageMapper#insertChecked} answers: whether the sender and the recipient are live
 * users, and the message it inserted ({@code id} is {@code null} when it inserted none). Not API.
 */
public record CheckedMessage(boolean senderFound, boolean recipientFound, UUID id, UUID threadId, UUID replyToId,
                      UUID senderId, UUID recipientId, String subject, String body, Instant readAt,
                      Instant createdAt) {

    /** The inserted message, or {@code null}. */
    Message message() {
        return id == null ? null : new Message(id, threadId, replyToId, senderId, recipientId, subject, body, readAt,
                createdAt);
    }
}
