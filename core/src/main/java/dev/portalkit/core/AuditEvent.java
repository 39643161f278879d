package dev.portalkit.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What happened, for the audit trail. Before/after hold only the changed fields; values under keys
 * that look like secrets (password, token, secret, hash) are replaced by {@code "[redacted]"}.
 *
 * @param action     dotted lowercase name in the past tense, e.g. {@code user.role_changed}
 * @param entityType e.g. {@code user}; may be {@code null} for events about no entity
 * @param entityId   the entity's id, or {@code null}
 */
public record AuditEvent(String action, String entityType, UUID entityId,
                         Map<String, Object> before, Map<String, Object> after, Map<String, Object> metadata) {

    // Compiled once: String.matches compiles its pattern on every call, and every audited write builds an event.
    private static final Pattern ACTION = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z0-9_]+)*");
    private static final Pattern ENTITY_TYPE = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    public AuditEvent {
        if (action == null || action.length() > 100 || !ACTION.matcher(action).matches()) {
            throw new ValidationException("action", "must be a dotted lowercase name such as user.created (at most 100 characters)");
        }
        if (entityType != null && !ENTITY_TYPE.matcher(entityType).matches()) {
            throw new ValidationException("entityType", "must be a lowercase name such as user");
        }
        // Not Map.copyOf: a field cleared to null is a change worth recording.
        before = before == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(before));
        after = after == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(after));
        metadata = metadata == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    public static AuditEvent of(String action, String entityType, UUID entityId) {
        return new AuditEvent(action, entityType, entityId, null, null, null);
    }

    public AuditEvent withChange(Map<String, Object> before, Map<String, Object> after) {
        return new AuditEvent(action, entityType, entityId, before, after, metadata);
    }

    public AuditEvent withMetadata(Map<String, Object> metadata) {
        return new AuditEvent(action, entityType, entityId, before, after, metadata);
    }
}
