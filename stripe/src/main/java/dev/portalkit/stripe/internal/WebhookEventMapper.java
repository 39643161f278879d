package dev.portalkit.stripe.internal;

import java.time.Instant;
import java.util.UUID;
import org.apache.ibatis.annotations.Param;

/** stripe_webhook_events. Not API. */
public interface WebhookEventMapper {

    /** 1 when the event is new and stored (RECEIVED), 0 when its id was stored before (nothing written). */
    int insertIfAbsent(@Param("id") UUID id, @Param("eventId") String eventId, @Param("type") String type,
                       @Param("livemode") boolean livemode, @Param("objectId") String objectId,
                       @Param("stripeCreatedAt") Instant stripeCreatedAt, @Param("now") Instant now);

    void record(@Param("id") UUID id, @Param("outcome") String outcome, @Param("paymentId") UUID paymentId,
                @Param("refundId") UUID refundId);

    int count(@Param("eventId") String eventId);
}
