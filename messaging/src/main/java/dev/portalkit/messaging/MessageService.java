package dev.portalkit.messaging;

import dev.portalkit.core.CallContext;
import dev.portalkit.core.Page;
import dev.portalkit.core.PageRequest;
import java.util.UUID;

/**
 * Messages between users. Every call names the user it acts for ({@code userId}): the host passes
 * the signed-in user. A message that is not theirs (neither sender nor recipient), or that they
 * deleted, answers {@link dev.portalkit.core.NotFoundException} (PK-1011, entity {@code "Message"}),
 * exactly like one that does not exist.
 */
public interface MessageService {

    /** Starts a thread. */
    Message send(NewMessage message, CallContext context);

    /**
     * Answers a message the user sent or received; the reply goes to the other side, in the same
     * thread, with the subject prefixed {@code Re: } once.
     */
    Message reply(UUID messageId, UUID userId, String body, CallContext context);

    /** A message the user may see. Reading does not mark it read: call {@link #markRead}. */
    Message get(UUID messageId, UUID userId);

    /** Messages received and not deleted by the user, newest first. */
    Page<Message> inbox(UUID userId, PageRequest page);

    /** Messages sent and not deleted by the user, newest first. */
    Page<Message> sent(UUID userId, PageRequest page);

    /** The messages of a thread the user may see, oldest first. */
    Page<Message> thread(UUID threadId, UUID userId, PageRequest page);

    /**
     * Marks a received message read. Idempotent: a second call keeps the first time, and a message
     * never becomes unread again. Only the recipient can mark it.
     */
    Message markRead(UUID messageId, UUID userId, CallContext context);

    /** Marks every message the user received in the thread read; returns how many changed. */
    int markThreadRead(UUID threadId, UUID userId, CallContext context);

    /** Received, unread and not deleted messages, counted from an index (no stored counter). */
    long unreadCount(UUID userId);

    /** Deletes the message for this user only; the other side keeps it. */
    void delete(UUID messageId, UUID userId, CallContext context);
}
