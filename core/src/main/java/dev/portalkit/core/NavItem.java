package dev.portalkit.core;

import java.time.Instant;
import dev.portalkit.core.spi.Values;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One entry of the navigation tree.
 *
 * @param parentId {@code null} for a top-level entry
 * @param position 0-based, unique and gap-free among the entry's siblings
 * @param roles    role names that may see the entry; empty means everyone
 */
public record NavItem(UUID id, UUID parentId, int position, String label, String url, String icon,
                      List<String> roles, boolean active, Map<String, Object> metadata,
                      Instant createdAt, Instant updatedAt) {

    public NavItem {
        roles = roles == null ? List.of() : List.copyOf(roles);
        metadata = Values.copy(metadata);
    }

    /** Whether a caller holding any of {@code callerRoles} may see this entry (ignores {@link #active()}). */
    public boolean visibleTo(java.util.Collection<String> callerRoles) {
        return roles.isEmpty() || roles.stream().anyMatch(callerRoles::contains);
    }
}
