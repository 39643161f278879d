package dev.portalkit.content.internal;

import java.util.UUID;

/** A search match before its card is read. Not API. */
public record RankedId(UUID id, float rank) {
}
