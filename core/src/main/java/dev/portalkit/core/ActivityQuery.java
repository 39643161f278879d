package dev.portalkit.core;

import java.time.Instant;
import java.util.UUID;

/**
 * Filters for {@link ActivityLog#find}; every {@code null} field matches everything. Newest first.
 *
 * @param from inclusive
 * @param to   exclusive
 */
public record ActivityQuery(UUID actorId, String entityType, UUID entityId, String action, Instant from, Instant to) {

    public ActivityQuery {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new ValidationException("to", "must be after from");
        }
    }

    public static ActivityQuery all() {
        return new ActivityQuery(null, null, null, null, null, null);
    }

    public static ActivityQuery byActor(UUID actorId) {
        return new ActivityQuery(actorId, null, null, null, null, null);
    }

    public static ActivityQuery byEntity(String entityType, UUID entityId) {
        return new ActivityQuery(null, entityType, entityId, null, null, null);
    }

    public ActivityQuery withAction(String a) {
        return new ActivityQuery(actorId, entityType, entityId, a, from, to);
    }

    public ActivityQuery between(Instant start, Instant end) {
        return new ActivityQuery(actorId, entityType, entityId, action, start, end);
    }
}
