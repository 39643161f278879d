package dev.portalkit.auth.internal;

import dev.portalkit.auth.UserStatus;
import java.time.Instant;
import java.util.UUID;

/** What login needs of a user. Not API. */
public record CredentialRow(UUID id, String email, String passwordHash, Instant passwordChangedAt, UserStatus status,
                            Instant lockedUntil, int failedLogins) {

    boolean lockedAt(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }
}
