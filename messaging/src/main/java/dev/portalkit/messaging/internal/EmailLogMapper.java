package dev.portalkit.messaging.internal;

import dev.portalkit.core.spi.AuditRows;
import dev.portalkit.messaging.EmailLog;
import dev.portalkit.messaging.EmailLogPartition;
import dev.portalkit.messaging.EmailStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Param;

/** email_logs. Not API. */
public interface EmailLogMapper {

    /**
     * The e-mail queued before under {@code e}'s idempotency key (nothing written), or the row written;
     * {@code null} when a racing call with the key committed first, or, with {@code locales} (the
     * fallback chain), when {@code e}'s template is no longer the live one they resolve to, or when
     * {@code e.userId()} is not a live user. The transaction's last statement: it writes {@code queued}'s
     * event for a QUEUED row, {@code suppressed}'s for a SUPPRESSED one.
     */
    EmailLog queue(@Param("e") NewEmail e, @Param("locales") List<String> locales,
                   @Param("audit") AuditRows queued, @Param("suppressedAudit") AuditRows suppressed);

    EmailLog findByIdempotencyKey(@Param("key") String key);

    EmailLog find(@Param("id") UUID id);

    /** By Message-ID or by the provider's message id. */
    EmailLog findByMessageId(@Param("messageId") String messageId);

    EmailLog findByMessageIdForUpdate(@Param("messageId") String messageId);

    boolean suppressed(@Param("address") String address);

    /** Why mail of {@code category} to {@code address} must not be sent now (hard suppression, opt-out), or {@code null}. */
    String blockReason(@Param("address") String address, @Param("category") String category);

    /**
     * {@link #claim} under per-domain limits: at most what is left of each domain's limit in the window
     * starting at {@code window} is claimed; the other due rows of that domain are moved to {@code nextWindow}.
     * {@code overrides} maps a lowercase domain to its limit, {@code defaultLimit} the rest (0: none).
     */
    List<ClaimedEmail> claimLimited(@Param("now") Instant now, @Param("leaseUntil") Instant leaseUntil,
                                    @Param("token") UUID token, @Param("limit") int limit,
                                    @Param("window") Instant window, @Param("nextWindow") Instant nextWindow,
                                    @Param("defaultLimit") int defaultLimit,
                                    @Param("overrides") java.util.Map<String, Object> overrides);

    List<ClaimedEmail> claim(@Param("now") Instant now, @Param("leaseUntil") Instant leaseUntil,
                             @Param("token") UUID token, @Param("limit") int limit);

    /**
     * Settles a claimed row; 0 when the claim is no longer this worker's (its lease ended and another took
     * over). The transaction's last statement: writes {@code audit}'s event when it settles the row.
     */
    int settle(@Param("id") UUID id, @Param("token") UUID token, @Param("status") EmailStatus status,
               @Param("now") Instant now, @Param("error") String error, @Param("providerMessageId") String providerMessageId,
               @Param("retainBodies") boolean retainBodies, @Param("audit") AuditRows audit);

    /** Puts a claimed row back in the queue, due at {@code dueAt}; like {@link #settle} otherwise. */
    int retry(@Param("id") UUID id, @Param("token") UUID token, @Param("dueAt") Instant dueAt,
              @Param("error") String error, @Param("audit") AuditRows audit);

    EmailLog recordEvent(@Param("id") UUID id, @Param("event") String event, @Param("now") Instant now);

    /** The rows {@link #claim} would take at {@code now}, counted, and the earliest due time among them. */
    OutboxRow outboxStatus(@Param("now") Instant now);

    List<StatsRow> stats(@Param("from") Instant from, @Param("to") Instant to);

    List<EmailLog> list(@Param("status") EmailStatus status, @Param("afterCreated") Instant afterCreated,
                        @Param("afterId") UUID afterId, @Param("limit") int limit);

    /** email_logs' partitions but the DEFAULT one, oldest first. */
    List<EmailLogPartition> partitions();

    /** Creates the missing partitions of the month of {@code now} and the {@code ahead} months after it. */
    List<String> ensurePartitions(@Param("now") Instant now, @Param("ahead") int ahead);

    /**
     * Detaches every partition whose range ends at or before {@code cutoff}, marked as archived or to be
     * dropped by {@link #dropDetached}.
     */
    List<EmailLogPartition> detachBefore(@Param("cutoff") Instant cutoff, @Param("archive") boolean archive);

    /** Drops the detached partitions marked to drop (a transaction of its own: see V8); their names. */
    List<String> dropDetached();
}
