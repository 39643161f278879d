package dev.portalkit.core.spi;

import java.util.Optional;
import java.util.UUID;

/**
 * Looks up who an actor is, so the audit trail can keep a snapshot of their e-mail and role.
 * portalkit-auth provides it; without auth the snapshot stays empty.
 */
@FunctionalInterface
public interface ActorDirectory {

    /** Called inside the audit row's transaction. */
    Optional<ActorSnapshot> find(UUID actorId);

    record ActorSnapshot(String email, String role) {
    }
}
