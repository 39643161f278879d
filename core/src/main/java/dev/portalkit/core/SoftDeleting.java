package dev.portalkit.core;

import java.util.UUID;

/**
 * The soft-delete contract every service whose entities are soft deleted shares (users, pricing tiers,
 * resource cards), so a host can treat them alike, say in one admin "trash" screen. {@code delete}
 * stamps the row's {@code deleted_at}: it is gone from every read of the service and its unique key
 * (e-mail, code, slug) is free again; {@code restore} brings it back as it was. Each is audited in the
 * same transaction as the change, and writes nothing when it throws.
 *
 * @param <T> what {@code restore} returns: the entity, live again
 */
public interface SoftDeleting<T> {

    /**
     * Soft deletes a live entity (the service's own javadoc says what goes with it).
     *
     * @throws NotFoundException when no live entity has that id
     */
    void delete(UUID id, CallContext context);

    /**
     * Brings a deleted entity back.
     *
     * @throws NotFoundException when no deleted entity has that id
     * @throws ConflictException (the service's own subclass naming the key) when a live entity took its
     *         unique key meanwhile
     */
    T restore(UUID id, CallContext context);
}
