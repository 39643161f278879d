package dev.portalkit.messaging.internal;

import dev.portalkit.core.spi.AuditRows;
import dev.portalkit.messaging.Message;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Param;

/** email_messages. Not API. */
public interface EmailMessageMapper {

    /**
     * Inserts the message if the recipient (and, with {@code checkSender}, the sender) is a live user, as
     * the transaction's last statement: it writes {@code audit}'s event for the message and commits.
     * Always one row: the checks, and the message or {@code null}.
     */
    CheckedMessage insertChecked(@Param("id") UUID id, @Param("threadId") UUID threadId,
                                 @Param("replyToId") UUID replyToId, @Param("senderId") UUID senderId,
                                 @Param("recipientId") UUID recipientId, @Param("subject") String subject,
                                 @Param("body") String body, @Param("now") Instant now,
                                 @Param("checkSender") boolean checkSender, @Param("audit") AuditRows audit);

    /** The message if {@code userId} is its sender or recipient and has not deleted it. */
    Message findVisible(@Param("id") UUID id, @Param("userId") UUID userId);

    List<Message> inbox(@Param("userId") UUID userId, @Param("afterCreated") Instant afterCreated,
                        @Param("afterId") UUID afterId, @Param("limit") int limit);

    List<Message> sent(@Param("userId") UUID userId, @Param("afterCreated") Instant afterCreated,
                       @Param("afterId") UUID afterId, @Param("limit") int limit);

    List<Message> thread(@Param("threadId") UUID threadId, @Param("userId") UUID userId,
                         @Param("afterCreated") Instant afterCreated, @Param("afterId") UUID afterId,
                         @Param("limit") int limit);

    /** {@code null} when the message is not the user's unread, received message. */
    Message markRead(@Param("id") UUID id, @Param("userId") UUID userId, @Param("now") Instant now);

    int markThreadRead(@Param("threadId") UUID threadId, @Param("userId") UUID userId, @Param("now") Instant now);

    long unreadCount(@Param("userId") UUID userId);

    int deleteFor(@Param("id") UUID id, @Param("userId") UUID userId, @Param("now") Instant now);
}
