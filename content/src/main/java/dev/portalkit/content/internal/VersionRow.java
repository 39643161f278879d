package dev.portalkit.content.internal;

import java.time.Instant;
import java.util.UUID;

/** A resource_card_versions row, the snapshot as JSON text. Not API. */
public record VersionRow(UUID cardId, int number, UUID actorId, String change, String snapshot, Instant createdAt) {
}
