package dev.portalkit.core.spi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.ErasureStep;
import java.util.List;
import java.util.UUID;

/**
 * A module's part of a data-subject request ({@link dev.portalkit.core.PrivacyService}), registered
 * with {@link ModuleContext#personalData}. Both methods run inside the request's one transaction.
 */
public interface PersonalData {

    /**
     * Everything the module holds about the subject (build it with {@link ModuleContext#json()}).
     * Never a secret: password, token or recovery-code hashes, TOTP secrets.
     */
    ObjectNode export(Subject subject);

    /**
     * Removes or anonymises the user's personal data in the module's tables, leaving no e-mail, name,
     * ip or user agent of theirs in any text or JSON column; keeps what the law keeps (payments) with
     * the personal fields anonymised. Idempotent: a second call returns steps of 0 rows. Writes no audit
     * row of its own: the privacy service records one for the whole erasure, with each module's counts.
     */
    List<ErasureStep> erase(Subject subject, CallContext context);

    /**
     * The audit trail's entities whose rows may hold the user's personal data though the user neither
     * acted in them nor is their entity: an e-mail an admin queued to them, a form they sent without
     * signing in. Asked before {@link #erase}, which may delete them; their audit rows' personal fields
     * are erased with the user's own.
     */
    /**
     * Whom {@code userId} names, for the module that owns the accounts (auth), deleted accounts included:
     * their e-mail and display name, read before any part erases anything, so the other modules find the
     * name in rows that carry it without the id even for an account deleted long before. Others: null.
     */
    default Subject describe(UUID userId) {
        return null;
    }

    default List<Entity> auditedEntities(Subject subject) {
        return List.of();
    }

    /**
     * Whom a request is about.
     *
     * @param userId the user's id
     * @param email  their e-mail address as the account holds it (deleted accounts too), read before any
     *               module erased anything: match rows that carry it without the user's id (a form sent
     *               without signing in) case-insensitively; {@code null} when no module knows it
     * @param displayName their name as the account holds it (deleted accounts too), from the module that owns
     *                    accounts ({@link #describe}); {@code null} when none does
     */
    record Subject(UUID userId, String email, String displayName) {

        public Subject {
            java.util.Objects.requireNonNull(userId, "userId");
        }
    }

    /** An audit row's entity: its {@code entity_type} and {@code entity_id}. */
    record Entity(String type, UUID id) {

        public Entity {
            java.util.Objects.requireNonNull(type, "type");
            java.util.Objects.requireNonNull(id, "id");
        }
    }
}
