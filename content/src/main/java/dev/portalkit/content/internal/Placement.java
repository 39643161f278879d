package dev.portalkit.content.internal;

import java.util.UUID;

/** A row's new position. Not API. */
public record Placement(UUID id, int position) {
}
