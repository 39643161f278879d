package dev.portalkit.core.internal;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** An audit row to insert; seq, hashes, ids and the actor's e-mail and role are the database's. */
public record NewActivity(Instant occurredAt, UUID actorId, String action,
                   String entityType, UUID entityId, Map<String, Object> before, Map<String, Object> after,
                   Map<String, Object> metadata, String ip, String userAgent, String requestId) {
}
