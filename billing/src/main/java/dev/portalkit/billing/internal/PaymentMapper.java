package dev.portalkit.billing.internal;

import dev.portalkit.billing.Payment;
import dev.portalkit.billing.PaymentStatus;
import dev.portalkit.core.spi.AuditRows;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.ibatis.annotations.Param;

/** payments. Not API. */
public interface PaymentMapper {

    /**
     * The new PROCESSING row with id {@code id}, or {@code null} (nothing written, nothing audited)
     * when the key exists already or the user is not a live one. With an {@code operation}, the key is
     * a caller's and the same statement claims it in idempotency_keys first (nothing is written when
     * another call holds it). The transaction's last statement: it writes {@code audit}'s rows and, when
     * it ends the transaction, COMMITs.
     */
    Payment insertIfAbsent(@Param("id") UUID id, @Param("userId") UUID userId,
                           @Param("subscriptionId") UUID subscriptionId,
                           @Param("periodStart") Instant periodStart, @Param("key") String key,
                           @Param("operation") KeyRow.Operation operation, @Param("requestHash") String requestHash, @Param("amountMinor") long amountMinor,
                           @Param("currency") String currency, @Param("description") String description,
                           @Param("metadata") Map<String, Object> metadata, @Param("now") Instant now,
                           @Param("audit") AuditRows audit);

    Payment find(@Param("id") UUID id);

    Payment findByKey(@Param("key") String key);

    /** The payment with this key, locked until the transaction ends (waiting for a reconcile() that holds it). */
    Payment lockByKey(@Param("key") String key);

    String requestHash(@Param("key") String key);

    /** Settles a payment if it is still at {@code expected}; {@code null} otherwise. */
    Payment settle(@Param("id") UUID id, @Param("expected") PaymentStatus expected, @Param("status") PaymentStatus status,
                   @Param("reference") String reference, @Param("failureCode") String failureCode,
                   @Param("failureMessage") String failureMessage, @Param("now") Instant now);

    /**
     * {@link #settle} as the transaction's last statement: it writes {@code audit}'s rows (the
     * event only if it settled the payment) and, when it ends the transaction, COMMITs.
     */
    Payment settleAudited(@Param("id") UUID id, @Param("expected") PaymentStatus expected,
                          @Param("status") PaymentStatus status, @Param("reference") String reference,
                          @Param("failureCode") String failureCode, @Param("failureMessage") String failureMessage,
                          @Param("now") Instant now, @Param("audit") AuditRows audit);

    /** UNKNOWN payments, and PROCESSING ones created before {@code staleBefore}, locked, skipping locked ones. */
    List<Payment> claimUnsettled(@Param("staleBefore") Instant staleBefore, @Param("limit") int limit);

    List<Payment> list(@Param("userId") UUID userId, @Param("afterCreated") Instant afterCreated,
                       @Param("afterId") UUID afterId, @Param("limit") int limit);

    /** Reserves {@code amount} of the payment for a refund if it fits; {@code null} otherwise. */
    Payment reserveRefund(@Param("id") UUID id, @Param("amount") long amount);

    /** Moves a reserved amount to refunded ({@code succeeded}) or releases it. */
    Payment settleRefundAmount(@Param("id") UUID id, @Param("amount") long amount, @Param("succeeded") boolean succeeded);
}
