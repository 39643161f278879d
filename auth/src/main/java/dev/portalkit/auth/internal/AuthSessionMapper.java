package dev.portalkit.auth.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Param;

/** auth_sessions. Not API. */
public interface AuthSessionMapper {

    SessionRow insert(@Param("userId") UUID userId, @Param("tokenHash") byte[] tokenHash,
                      @Param("rememberMe") boolean rememberMe, @Param("now") Instant now,
                      @Param("expiresAt") Instant expiresAt, @Param("ip") String ip, @Param("userAgent") String userAgent);

    /** A session by token hash that is not revoked (expiry is judged by the caller's clock). */
    SessionRow findByToken(@Param("tokenHash") byte[] tokenHash);

    /** A session by token hash, not revoked, joined with its user if that user is live. */
    SessionUserRow findWithUser(@Param("tokenHash") byte[] tokenHash);

    int touch(@Param("id") UUID id, @Param("now") Instant now, @Param("before") Instant before);

    int revoke(@Param("id") UUID id, @Param("reason") String reason, @Param("now") Instant now);

    /** Revokes every live session of the user except {@code exceptId} (may be null). */
    int revokeAll(@Param("userId") UUID userId, @Param("exceptId") UUID exceptId, @Param("reason") String reason,
                  @Param("now") Instant now);

    /** Keeps the {@code keep} most recently used live sessions, revoking the rest. */
    int evictBeyond(@Param("userId") UUID userId, @Param("keep") int keep, @Param("now") Instant now);

    int rotate(@Param("id") UUID id, @Param("tokenHash") byte[] tokenHash, @Param("now") Instant now);

    List<SessionRow> live(@Param("userId") UUID userId, @Param("now") Instant now);

    /** Revokes the session only if it is the user's and live: 0 otherwise, nothing written. */
    int revokeOwn(@Param("userId") UUID userId, @Param("id") UUID id, @Param("now") Instant now);
}
