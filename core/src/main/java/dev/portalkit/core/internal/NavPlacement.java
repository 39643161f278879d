package dev.portalkit.core.internal;

import java.util.UUID;

/** Where one navigation entry goes. Not API. */
public record NavPlacement(UUID id, UUID parentId, int position) {
}
