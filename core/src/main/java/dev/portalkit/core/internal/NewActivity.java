package dev.portalkit.core.internal;

import dev.portalkit.core.spi.ActorDirectory.ActorSnapshot;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** An audit row to insert; seq, hashes and ids are the database's. */
public record NewActivity(Instant occurredAt, UUID actorId, String actorEmail, String actorRole, String action,
                   String entityType, UUID entityId, Map<String, Object> before, Map<String, Object> after,
                   Map<String, Object> metadata, String ip, String userAgent, String requestId) {

    public NewActivity withActor(ActorSnapshot s) {
        return new NewActivity(occurredAt, actorId, s.email(), s.role(), action, entityType, entityId,
                before, after, metadata, ip, userAgent, requestId);
    }
}
