package dev.portalkit.content.internal;

import java.util.UUID;

/** A row's id and a text column of it. Not API. */
public record IdText(UUID id, String text) {
}
