package dev.portalkit.billing.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Param;

/** booking_reminders. Not API. */
public interface BookingReminderMapper {

    int withdraw(@Param("bookingId") UUID bookingId);

    List<ReminderRow> claim(@Param("now") Instant now, @Param("limit") int limit);

    /** Marks the PENDING reminders among {@code ids} SENT (at {@code now}) or WITHDRAWN. */
    int mark(@Param("ids") List<UUID> ids, @Param("status") String status, @Param("now") Instant now);
}
