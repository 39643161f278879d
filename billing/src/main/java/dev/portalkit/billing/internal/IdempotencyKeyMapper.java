package dev.portalkit.billing.internal;

import dev.portalkit.billing.internal.KeyRow.Operation;
import dev.portalkit.billing.internal.KeyRow.Status;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.ibatis.annotations.Param;

/** idempotency_keys. Not API. */
public interface IdempotencyKeyMapper {

    /** Claims {@code key}: the new row, or {@code null} (nothing written) when the key is taken. */
    KeyRow claim(@Param("key") String key, @Param("operation") Operation operation, @Param("hash") String hash,
                 @Param("status") Status status, @Param("subscriptionId") UUID subscriptionId,
                 @Param("paymentId") UUID paymentId, @Param("plan") Map<String, Object> plan,
                 @Param("result") Map<String, Object> result);

    KeyRow find(@Param("key") String key);

    /** The row, locked until the transaction ends: whoever holds it decides a STARTED key's outcome. */
    KeyRow lock(@Param("key") String key);

    /**
     * Decides the outcome of {@code key}: DONE or FAILED, from STARTED or from nothing (renewal keys are
     * first written here). The row when this call decided it; {@code null} (nothing written) when the key
     * was decided before or belongs to another call.
     */
    KeyRow decide(@Param("key") String key, @Param("operation") Operation operation, @Param("hash") String hash,
                  @Param("status") Status status, @Param("subscriptionId") UUID subscriptionId,
                  @Param("paymentId") UUID paymentId, @Param("result") Map<String, Object> result,
                  @Param("failureCode") String failureCode);

    /** STARTED subscription calls whose charge is settled (the caller saw no answer, or died): reconcile's to finish. */
    List<KeyRow> startedAndSettled(@Param("limit") int limit);

    /** FAILED keys whose captured charge was never given back (a crash came between the two): reconcile's to refund. */
    List<KeyRow> failedNotGivenBack(@Param("limit") int limit);
}
