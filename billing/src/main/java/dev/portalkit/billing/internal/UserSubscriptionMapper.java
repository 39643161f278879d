package dev.portalkit.billing.internal;

import dev.portalkit.billing.Subscription;
import dev.portalkit.billing.SubscriptionStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Param;

/** user_subscriptions. Not API. */
public interface UserSubscriptionMapper {

    /** Inserts {@code s} (its id, version and timestamps are ignored). */
    Subscription insert(@Param("s") Subscription s);

    Subscription find(@Param("id") UUID id);

    Subscription current(@Param("userId") UUID userId);

    List<Subscription> history(@Param("userId") UUID userId);

    /**
     * The compare-and-set behind every change: writes {@code s}'s mutable fields only if the row is
     * still at {@code expectedStatus} and {@code expectedVersion}; {@code null} otherwise.
     */
    Subscription update(@Param("s") Subscription s, @Param("expectedStatus") SubscriptionStatus expectedStatus,
                        @Param("expectedVersion") long expectedVersion);

    /** Claims due rows for one worker until {@code leaseUntil}, skipping rows other workers hold. */
    List<Subscription> claimDue(@Param("now") Instant now, @Param("leaseUntil") Instant leaseUntil,
                                @Param("limit") int limit);

    int release(@Param("id") UUID id, @Param("nextChargeAt") Instant nextChargeAt);
}
