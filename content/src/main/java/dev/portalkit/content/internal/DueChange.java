package dev.portalkit.content.internal;

import java.util.UUID;

/** A card publishDue changed: its status before and after. Not API. */
public record DueChange(UUID id, String statusBefore, String statusAfter) {
}
