package dev.portalkit.messaging.internal;

import dev.portalkit.auth.UserService;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.Page;
import dev.portalkit.core.PageRequest;
import dev.portalkit.core.ValidationException;
import dev.portalkit.core.spi.Cursors;
import dev.portalkit.core.spi.Validation;
import dev.portalkit.messaging.Message;
import dev.portalkit.messaging.MessageNotFoundException;
import dev.portalkit.messaging.MessageService;
import dev.portalkit.messaging.NewMessage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** Not API: create through the Portal. */
public final class DefaultMessageService implements MessageService {

    private static final int MAX_SUBJECT = 200;
    private static final int MAX_BODY = 20_000;

    private final MessagingContext m;
    private final UserService users;

    DefaultMessageService(MessagingContext m, UserService users) {
        this.m = m;
        this.users = users;
    }

    @Override
    public Message send(NewMessage message, CallContext context) {
        Objects.requireNonNull(message, "null message");
        new Validation()
                .notNull("from", message.from())
                .notNull("to", message.to())
                .check("to", message.to() == null || !message.to().equals(message.from()), "must be another user")
                .text("subject", message.subject(), 1, MAX_SUBJECT)
                .text("body", message.body(), 1, MAX_BODY)
                .throwIfInvalid();
        return m.tx.call(() -> {
            requireUser(message.from(), "from");
            requireUser(message.to(), "to");
            UUID id = UUID.randomUUID();
            Message sent = m.messages().insert(id, id, null, message.from(), message.to(), message.subject().strip(),
                    message.body(), m.now());
            audit("message.sent", sent, context);
            return sent;
        });
    }

    @Override
    public Message reply(UUID messageId, UUID userId, String body, CallContext context) {
        new Validation().notNull("messageId", messageId).notNull("userId", userId)
                .text("body", body, 1, MAX_BODY).throwIfInvalid();
        return m.tx.call(() -> {
            Message original = visible(messageId, userId);
            UUID other = userId.equals(original.senderId()) ? original.recipientId() : original.senderId();
            if (other == null) {
                throw new ValidationException("messageId", "the other user's account no longer exists");
            }
            requireUser(other, "to");
            String subject = original.subject().startsWith("Re: ") ? original.subject() : "Re: " + original.subject();
            if (subject.length() > MAX_SUBJECT) {
                subject = subject.substring(0, MAX_SUBJECT);
            }
            Message reply = m.messages().insert(UUID.randomUUID(), original.threadId(), original.id(), userId, other,
                    subject, body, m.now());
            audit("message.replied", reply, context);
            return reply;
        });
    }

    @Override
    public Message get(UUID messageId, UUID userId) {
        Objects.requireNonNull(messageId, "null messageId");
        Objects.requireNonNull(userId, "null userId");
        return m.tx.read(() -> visible(messageId, userId));
    }

    @Override
    public Page<Message> inbox(UUID userId, PageRequest page) {
        Objects.requireNonNull(userId, "null userId");
        Objects.requireNonNull(page, "null page");
        MessagingContext.Keyset after = MessagingContext.keyset(page.cursor());
        return page(m.tx.read(() -> m.messages().inbox(userId, after.created(), after.id(), page.limit() + 1)), page);
    }

    @Override
    public Page<Message> sent(UUID userId, PageRequest page) {
        Objects.requireNonNull(userId, "null userId");
        Objects.requireNonNull(page, "null page");
        MessagingContext.Keyset after = MessagingContext.keyset(page.cursor());
        return page(m.tx.read(() -> m.messages().sent(userId, after.created(), after.id(), page.limit() + 1)), page);
    }

    @Override
    public Page<Message> thread(UUID threadId, UUID userId, PageRequest page) {
        Objects.requireNonNull(threadId, "null threadId");
        Objects.requireNonNull(userId, "null userId");
        Objects.requireNonNull(page, "null page");
        MessagingContext.Keyset after = MessagingContext.keyset(page.cursor());
        return page(m.tx.read(() -> m.messages().thread(threadId, userId, after.created(), after.id(),
                page.limit() + 1)), page);
    }

    @Override
    public Message markRead(UUID messageId, UUID userId, CallContext context) {
        Objects.requireNonNull(messageId, "null messageId");
        Objects.requireNonNull(userId, "null userId");
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
                throw new MessageNotFoundException(messageId);
            }
            return seen;
        });
    }

    @Override
    public int markThreadRead(UUID threadId, UUID userId, CallContext context) {
        Objects.requireNonNull(threadId, "null threadId");
        Objects.requireNonNull(userId, "null userId");
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
        Objects.requireNonNull(userId, "null userId");
        return m.tx.read(() -> m.messages().unreadCount(userId));
    }

    @Override
    public void delete(UUID messageId, UUID userId, CallContext context) {
        Objects.requireNonNull(messageId, "null messageId");
        Objects.requireNonNull(userId, "null userId");
        m.tx.run(() -> {
            if (m.messages().deleteFor(messageId, userId, m.now()) == 0) {
                throw new MessageNotFoundException(messageId);
            }
            m.audit("message.deleted", "message", messageId, null, null, Map.of("userId", userId.toString()), context);
        });
    }

    private Message visible(UUID messageId, UUID userId) {
        Message message = m.messages().findVisible(messageId, userId);
        if (message == null) {
            throw new MessageNotFoundException(messageId);
        }
        return message;
    }

    private void requireUser(UUID id, String field) {
        if (users.find(id).isEmpty()) {
            throw new ValidationException(field, "is not an existing user");
        }
    }

    private void audit(String action, Message message, CallContext context) {
        // Subject and body stay out of the audit trail: they are the users' private words.
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("threadId", message.threadId().toString());
        meta.put("senderId", String.valueOf(message.senderId()));
        meta.put("recipientId", String.valueOf(message.recipientId()));
        m.audit(action, "message", message.id(), null, null, meta, context);
    }

    private static Page<Message> page(List<Message> rows, PageRequest page) {
        if (rows.size() <= page.limit()) {
            return new Page<>(rows, null);
        }
        List<Message> items = rows.subList(0, page.limit());
        Message last = items.get(items.size() - 1);
        return new Page<>(items, Cursors.encode(last.createdAt(), last.id()));
    }
}
