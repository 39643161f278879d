package dev.portalkit.messaging;

import java.time.Instant;
import java.util.UUID;

/**
 * A message between two users, as one of them sees it.
 *
 * @param threadId    the id of the thread's first message; replies share it
 * @param replyToId   the message this one answers, or {@code null}
 * @param senderId    {@code null} once the sender's account was removed for good
 * @param recipientId {@code null} once the recipient's account was removed for good
 * @param readAt      when the recipient first read it, or {@code null}
 */
public record Message(UUID id, UUID threadId, UUID replyToId, UUID senderId, UUID recipientId, String subject,
                      String body, Instant readAt, Instant createdAt) {

    public boolean read() {
        return readAt != null;
    }
}
