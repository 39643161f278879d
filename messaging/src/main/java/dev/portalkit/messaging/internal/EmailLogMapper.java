package dev.portalkit.messaging.internal;

import dev.portalkit.messaging.EmailLog;
import dev.portalkit.messaging.EmailStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.ibatis.annotations.Param;

/** email_logs. Not API. */
public interface EmailLogMapper {

    /** {@code null} when the idempotency key was used before. */
    EmailLog insert(@Param("templateId") UUID templateId, @Param("templateKey") String templateKey,
                    @Param("templateVersion") int templateVersion, @Param("locale") String locale,
                    @Param("userId") UUID userId, @Param("from") String from, @Param("to") String to,
                    @Param("subject") String subject, @Param("htmlBody") String htmlBody,
                    @Param("textBody") String textBody, @Param("messageId") String messageId,
                    @Param("idempotencyKey") String idempotencyKey, @Param("status") EmailStatus status,
                    @Param("now") Instant now, @Param("metadata") Map<String, Object> metadata);

    EmailLog findByIdempotencyKey(@Param("key") String key);

    EmailLog find(@Param("id") UUID id);

    /** By Message-ID or by the provider's message id. */
    EmailLog findByMessageId(@Param("messageId") String messageId);

    EmailLog findByMessageIdForUpdate(@Param("messageId") String messageId);

    boolean suppressed(@Param("address") String address);

    List<ClaimedEmail> claim(@Param("now") Instant now, @Param("leaseUntil") Instant leaseUntil,
                             @Param("token") UUID token, @Param("limit") int limit);

    /** Settles a claimed row; 0 when the claim is no longer this worker's (its lease ended and another took over). */
    int settle(@Param("id") UUID id, @Param("token") UUID token, @Param("status") EmailStatus status,
               @Param("now") Instant now, @Param("error") String error, @Param("providerMessageId") String providerMessageId,
               @Param("retainBodies") boolean retainBodies);

    /** Puts a claimed row back in the queue, due at {@code dueAt}. */
    int retry(@Param("id") UUID id, @Param("token") UUID token, @Param("dueAt") Instant dueAt,
              @Param("error") String error);

    EmailLog recordEvent(@Param("id") UUID id, @Param("event") String event, @Param("now") Instant now);

    List<StatsRow> stats(@Param("from") Instant from, @Param("to") Instant to);

    List<EmailLog> list(@Param("status") EmailStatus status, @Param("afterCreated") Instant afterCreated,
                        @Param("afterId") UUID afterId, @Param("limit") int limit);
}
