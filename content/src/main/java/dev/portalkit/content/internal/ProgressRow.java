package dev.portalkit.content.internal;

import java.util.UUID;

/** Counts of one timeline. Not API. */
public record ProgressRow(UUID userId, String projectKey, int done, int total) {
}
