package dev.portalkit.messaging.internal;

import java.util.UUID;
import org.apache.ibatis.annotations.Param;

/** What messaging holds about one user, for exports and erasures (PersonalData). Not API. */
public interface PersonalDataMapper {

    /** The user's e-mail address (deleted users too, through auth's activity_actors view), or {@code null}. */
    java.util.List<UUID> emailIds(@Param("userId") UUID userId, @Param("email") String email);

    /** The user's display name while they are live (auth's live_users), or {@code null}. */
    String displayName(@Param("userId") UUID userId);

    /** The whole export as a JSON object's text. */
    String export(@Param("userId") UUID userId, @Param("email") String email);

    int eraseEmailLogs(@Param("userId") UUID userId, @Param("email") String email, @Param("now") java.time.Instant now);

    int eraseEmailLogKeys(@Param("userId") UUID userId, @Param("email") String email);

    int eraseSentMessages(@Param("userId") UUID userId);

    int eraseReceivedMessages(@Param("userId") UUID userId, @Param("email") String email, @Param("name") String name);

    int eraseOptOuts(@Param("email") String email);

    int eraseSuppressionResets(@Param("email") String email);
}
