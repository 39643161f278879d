package dev.portalkit.billing.internal;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.ibatis.annotations.Param;

/** Billing's part of data-subject requests, over every billing table. Not API. */
public interface PersonalDataMapper {

    String export(@Param("userId") UUID userId);

    List<AuditEntityRow> auditedEntities(@Param("userId") UUID userId);

    PersonalIdentity identity(@Param("userId") UUID userId);

    int deleteReminders(@Param("userId") UUID userId);

    int anonymiseBookings(@Param("userId") UUID userId);

    int deleteAvailability(@Param("userId") UUID userId);

    int anonymiseSubscriptions(@Param("userId") UUID userId);

    int anonymisePayments(@Param("userId") UUID userId, @Param("email") String email, @Param("name") String name);

    int anonymiseRefunds(@Param("userId") UUID userId, @Param("email") String email, @Param("name") String name);

    List<KeyRow> keys(@Param("userId") UUID userId);

    int scrubKey(@Param("id") UUID id, @Param("key") String key, @Param("plan") Map<String, Object> plan,
                 @Param("result") Map<String, Object> result);

    List<MentionRow> mentioningBookings(@Param("userId") UUID userId, @Param("email") String email,
                                        @Param("name") String name);

    int scrubBooking(@Param("r") MentionRow row);
}
