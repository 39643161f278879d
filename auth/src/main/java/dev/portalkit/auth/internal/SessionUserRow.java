package dev.portalkit.auth.internal;

import dev.portalkit.auth.Role;
import dev.portalkit.auth.Session;
import dev.portalkit.auth.User;
import dev.portalkit.auth.UserStatus;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A live session joined with its (live) user: what authenticate reads in one statement. Not API. */
public record SessionUserRow(UUID sessionId, UUID userId, boolean rememberMe, Instant createdAt, Instant lastSeenAt,
                             Instant expiresAt, String ip, String userAgent, String email, String displayName,
                             Role role, UserStatus status, Instant emailVerifiedAt, Instant lastLoginAt,
                             String lastLoginIp, Instant passwordChangedAt, Map<String, Object> metadata,
                             long version, Instant userCreatedAt, Instant userUpdatedAt) {

    SessionRow session() {
        return new SessionRow(sessionId, userId, rememberMe, createdAt, lastSeenAt, expiresAt, ip, userAgent);
    }

    User user() {
        return new User(userId, email, displayName, role, status, emailVerifiedAt, lastLoginAt, lastLoginIp,
                passwordChangedAt, metadata, version, userCreatedAt, userUpdatedAt, null);
    }
}
