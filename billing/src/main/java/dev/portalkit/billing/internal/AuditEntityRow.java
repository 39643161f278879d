package dev.portalkit.billing.internal;

import java.util.UUID;

/** An audit trail entity (its {@code entity_type} and id), for {@link BillingPersonalData#auditedEntities}. Not API. */
public record AuditEntityRow(String type, UUID id) {
}
