package dev.portalkit.auth.internal;

import dev.portalkit.auth.Session;
import java.time.Instant;
import java.util.UUID;

/** auth_sessions. Not API. */
public record SessionRow(UUID id, UUID userId, boolean rememberMe, Instant createdAt, Instant lastSeenAt,
                         Instant expiresAt, String ip, String userAgent) {

    Session toSession() {
        return new Session(id, userId, rememberMe, createdAt, lastSeenAt, expiresAt, ip, userAgent);
    }
}
