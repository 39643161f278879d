package dev.portalkit.auth;

import dev.portalkit.core.spi.Values;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A user account. Never carries the password hash.
 *
 * @param version increases with every change of the profile; pass it to
 *                {@link UserService#updateProfile} for an optimistic update
 */
public record User(UUID id, String email, String displayName, Role role, UserStatus status,
                   Instant emailVerifiedAt, Instant lastLoginAt, String lastLoginIp, Instant passwordChangedAt,
                   Map<String, Object> metadata, long version, Instant createdAt, Instant updatedAt,
                   Instant deletedAt) {

    public User {
        metadata = Values.copy(metadata);
    }

    public boolean hasAtLeast(Role other) {
        return role.hasAtLeast(other);
    }

    public boolean deleted() {
        return deletedAt != null;
    }

    public boolean emailVerified() {
        return emailVerifiedAt != null;
    }
}
