package dev.portalkit.messaging.internal;

import java.time.Instant;

/** {@code EmailLogMapper.outboxStatus}: {@code oldestDueAt} is null when nothing waits. Not API. */
public record OutboxRow(long waiting, Instant oldestDueAt) {
}
