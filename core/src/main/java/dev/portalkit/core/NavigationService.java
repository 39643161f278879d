package dev.portalkit.core;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The navigation tree. Positions stay unique and gap-free per parent through every change; a move
 * that would make an entry its own ancestor is refused by the database itself.
 */
public interface NavigationService {

    /**
     * Adds an entry under {@code parentId} ({@code null}: top level) at {@code position}
     * ({@code null}: last); later siblings shift down.
     */
    NavItem create(@Nullable UUID parentId, @Nullable Integer position, NavItemInput input, CallContext context);

    /** Replaces the editable fields. */
    NavItem update(UUID id, NavItemInput input, CallContext context);

    /**
     * Moves an entry under {@code newParentId} at {@code position} (0-based, at most the number of
     * its new siblings), closing the gap it leaves.
     *
     * @throws ValidationException with field {@code parentId} when the move would create a cycle
     */
    NavItem move(UUID id, @Nullable UUID newParentId, int position, CallContext context);

    /** Orders the children of {@code parentId}; {@code orderedIds} must name each child exactly once. */
    List<NavItem> reorder(@Nullable UUID parentId, List<UUID> orderedIds, CallContext context);

    /** Deletes an entry and everything under it; returns how many entries went. */
    int delete(UUID id, CallContext context);

    Optional<NavItem> find(UUID id);

    /**
     * The active entries a caller holding any of {@code roles} may see, ordered; a parent whose
     * children are all hidden and that has no URL of its own is left out. An empty collection means
     * an anonymous caller (only entries open to everyone).
     */
    List<NavNode> tree(@Nullable Collection<String> roles);

    /** Every entry, active or not, for an admin screen. */
    List<NavNode> fullTree();
}
