package dev.portalkit.content.internal;

import java.time.Instant;
import java.util.UUID;

/** Where a card list's page starts: the sort key of the previous page's last card. Not API. */
public record CardKey(int position, Instant createdAt, UUID id) {
}
