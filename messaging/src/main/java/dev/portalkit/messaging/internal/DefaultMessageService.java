package dev.portalkit.messaging.internal;

import dev.portalkit.core.CallContext;
import dev.portalkit.core.Page;
import dev.portalkit.core.PageRequest;
import dev.portalkit.core.ValidationException;
import dev.portalkit.core.spi.AuditRows;
import dev.portalkit.core.spi.Cursors;
import dev.portalkit.core.spi.Validation;
import dev.portalkit.messaging.Message;
import dev.portalkit.messaging.MessageService;
import dev.portalkit.messaging.NewMessage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;

/** Not API: create through the Portal. */
public final class DefaultMessageService extends MessagingServiceBase implements MessageService {

    private static final int MAX_SUBJECT = 200;
    private static final int MAX_BODY = 20_000;

    DefaultMessageService(MessagingContext m) {
        super(m);
    }

    @Override
    public Message send(NewMessage message, CallContext context) {
        new Validation()
                .notNull("from", message.from())
                .notNull("to", message.to())
                .check("to", message.to() == null || !message.to().equals(message.from()), "must be another user")
                .text("subject", message.subject(), 1, MAX_SUBJECT)
                .text("body", message.body(), 1, MAX_BODY)
                .throwIfInvalid();
        // One round trip: the statement checks both users, inserts, writes the audit row and commits.
        return m.tx.call(() -> {
            UUID id = UUID.randomUUID();
            return insert(id, id, null, message.from(), message.to(), message.subject().strip(), message.body(), true,
                    m.lastStatement("message.sent", "message", id, null, null,
                            auditMetadata(id, message.from(), message.to()), context));
        });
    }

    @Override
    public Message reply(UUID messageId, UUID userId, String body, CallContext context) {
        new Validation().notNull("messageId", messageId).notNull("userId", userId)
                .text("body", body, 1, MAX_BODY).throwIfInvalid();
        // Two round trips: the message answered, then a statement that checks the other user, inserts,
        // writes the audit row and commits.
        return m.tx.call(() -> {
            Message original = visible(messageId, userId);
            UUID other = userId.equals(original.senderId()) ? original.recipientId() : original.senderId();
            if (other == null) {
                throw new ValidationException("messageId", "the other user's account no longer exists");
            }
            String subject = original.subject().startsWith("Re: ") ? original.subject() : "Re: " + original.subject();
            if (subject.length() > MAX_SUBJECT) {
                subject = subject.substring(0, MAX_SUBJECT);
            }
            UUID id = UUID.randomUUID();
            return insert(id, original.threadId(), original.id(), userId, other, subject, body, false,
                    m.lastStatement("message.replied", "message", id, null, null,
                            auditMetadata(original.threadId(), userId, other), context));
        });
    }

    /**
     * Inserts a message as the transaction's last statement, which writes {@code audit}'s row and commits;
     * refuses a recipient (or, with {@code checkSender}, a sender) that is not a live user, as the
     * {@code users.find} checks before it did, the sender first.
     */
    private Message insert(UUID id, UUID threadId, UUID replyToId, UUID from, UUID to, String subject, String body,
                           boolean checkSender, AuditRows audit) {
        CheckedMessage row = m.messages().insertChecked(id, threadId, replyToId, from, to, subject, body, m.now(),
                checkSender, audit);
        if (!row.senderFound()) {
            throw new ValidationException("from", "is not an existing user");
        }
        if (!row.recipientFound()) {
            throw new ValidationException("to", "is not an existing user");
        }
        return row.message();
    }

    @Override
    public Message get(UUID messageId, UUID userId) {
        return m.tx.read(() -> visible(messageId, userId));
    }

    @Override
    public Page<Message> inbox(UUID userId, PageRequest page) {
        return page(page, (after, rows) -> m.messages().inbox(userId, after.at(), after.id(), rows));
    }

    @Override
    public Page<Message> sent(UUID userId, PageRequest page) {
        return page(page, (after, rows) -> m.messages().sent(userId, after.at(), after.id(), rows));
    }

    @Override
    public Page<Message> thread(UUID threadId, UUID userId, PageRequest page) {
        return page(page, (after, rows) -> m.messages().thread(threadId, userId, after.at(), after.id(), rows));
    }

    @Override
    public Message markRead(UUID messageId, UUID userId, CallContext context) {
        return m.tx.call(() -> {
            Message read = m.messages().markRead(messageId, userId, m.now());
            if (read != null) {
                m.audit("message.read", "message", read.id(), null, Map.of("readAt", read.readAt().toString()),
                        Map.of("threadId", read.threadId().toString()), context);
                return read;
            }
            // Already read (keep the first time), or not a message this user received.
            Message seen = m.messages().findVisible(messageId, userId);
            if (seen == null || !userId.equals(seen.recipientId())) {
                throw Missing.message(messageId);
            }
            return seen;
        });
    }

    @Override
    public int markThreadRead(UUID threadId, UUID userId, CallContext context) {
        return m.tx.call(() -> {
            int n = m.messages().markThreadRead(threadId, userId, m.now());
            if (n > 0) {
                m.audit("message.thread_read", "message", threadId, null, null, Map.of("messages", n), context);
            }
            return n;
        });
    }

    @Override
    public long unreadCount(UUID userId) {
        return m.tx.readReplica(() -> m.messages().unreadCount(userId));
    }

    @Override
    public void delete(UUID messageId, UUID userId, CallContext context) {
        m.tx.run(() -> {
            if (m.messages().deleteFor(messageId, userId, m.now()) == 0) {
                throw Missing.message(messageId);
            }
            m.audit("message.deleted", "message", messageId, null, null, Map.of("userId", userId.toString()), context);
        });
    }


    private Message visible(UUID messageId, UUID userId) {
        Message message = m.messages().findVisible(messageId, userId);
        if (message == null) {
            throw Missing.message(messageId);
        }
        return message;
    }

    /** A new message's audit metadata. Subject and body stay out of the audit trail: they are the users' private words. */
    private static Map<String, Object> auditMetadata(UUID threadId, UUID senderId, UUID recipientId) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("threadId", threadId.toString());
        meta.put("senderId", String.valueOf(senderId));
        meta.put("recipientId", String.valueOf(recipientId));
        return meta;
    }

    /** A (created_at, id) keyset page: {@code fetch} reads the given number of rows after the cursor's key. */
    private Page<Message> page(PageRequest page, BiFunction<Cursors.TimeKey, Integer, List<Message>> fetch) {
        Cursors.TimeKey after = Cursors.timeKey(page.cursor());
        return Cursors.page(m.tx.readReplica(() -> fetch.apply(after, page.limit() + 1)), page.limit(),
                last -> Cursors.encode(last.createdAt(), last.id()));
    }
}
