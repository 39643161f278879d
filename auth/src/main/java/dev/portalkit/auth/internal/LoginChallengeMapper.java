package dev.portalkit.auth.internal;

import java.time.Instant;
import java.util.UUID;
import org.apache.ibatis.annotations.Param;

/** login_challenges. Not API. */
public interface LoginChallengeMapper {

    /** Whose challenge was used up, and whether its session is to be remembered. */
    record ChallengeRow(UUID id, UUID userId, boolean rememberMe) {
    }

    UUID insert(@Param("userId") UUID userId, @Param("tokenHash") byte[] tokenHash, @Param("rememberMe") boolean rememberMe,
                @Param("expiresAt") Instant expiresAt, @Param("ip") String ip, @Param("userAgent") String userAgent);

    /** Uses the challenge up, atomically: at most one caller gets the row. */
    ChallengeRow consume(@Param("tokenHash") byte[] tokenHash, @Param("now") Instant now);

    int voidAll(@Param("userId") UUID userId, @Param("now") Instant now);

    /** Deletes the user's used and expired challenges: a user's rows stay few however often they sign in. */
    int purge(@Param("userId") UUID userId, @Param("now") Instant now);

    int deleteAll(@Param("userId") UUID userId);
}
