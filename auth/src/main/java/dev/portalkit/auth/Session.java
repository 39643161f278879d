package dev.portalkit.auth;

import java.time.Instant;
import java.util.UUID;

/** A signed-in session, without its token. */
public record Session(UUID id, UUID userId, boolean rememberMe, Instant createdAt, Instant lastSeenAt,
                      Instant expiresAt, String ip, String userAgent) {
}
