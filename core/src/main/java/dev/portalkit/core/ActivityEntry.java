package dev.portalkit.core;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One row of the audit trail.
 *
 * @param sequence    strictly increasing in commit order of the audit rows
 * @param actorEmail  snapshot of the actor's e-mail when it happened (if portalkit-auth knows them)
 * @param actorRole   snapshot of the actor's role when it happened
 */
public record ActivityEntry(UUID id, long sequence, Instant occurredAt, UUID actorId, String actorEmail,
                            String actorRole, String action, String entityType, UUID entityId,
                            Map<String, Object> before, Map<String, Object> after, Map<String, Object> metadata,
                            String ip, String userAgent, String requestId) {
}
