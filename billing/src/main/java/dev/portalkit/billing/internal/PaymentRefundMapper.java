package dev.portalkit.billing.internal;

import dev.portalkit.billing.Refund;
import dev.portalkit.billing.RefundStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Param;

/** payment_refunds (the amounts they reserve on payments are {@link PaymentMapper}'s). Not API. */
public interface PaymentRefundMapper {

    /** The new PROCESSING refund, or {@code null} (nothing written) when the key exists already. */
    Refund insertIfAbsent(@Param("paymentId") UUID paymentId, @Param("key") String key,
                          @Param("requestHash") String requestHash, @Param("amountMinor") long amountMinor,
                          @Param("currency") String currency, @Param("reason") String reason,
                          @Param("now") Instant now);

    Refund findByKey(@Param("key") String key);

    /** The refund with this key, locked until the transaction ends (waiting for a reconcile() that holds it). */
    Refund lockByKey(@Param("key") String key);

    String requestHash(@Param("key") String key);

    /** Settles a refund if it is still at {@code expected}; {@code null} otherwise. */
    Refund settle(@Param("id") UUID id, @Param("expected") RefundStatus expected, @Param("status") RefundStatus status,
                  @Param("reference") String reference, @Param("failureCode") String failureCode,
                  @Param("failureMessage") String failureMessage, @Param("now") Instant now);

    List<Refund> forPayment(@Param("paymentId") UUID paymentId);

    /** UNKNOWN refunds, and PROCESSING ones created before {@code staleBefore}, locked, skipping locked ones. */
    List<Refund> claimUnsettled(@Param("staleBefore") Instant staleBefore, @Param("limit") int limit);
}
