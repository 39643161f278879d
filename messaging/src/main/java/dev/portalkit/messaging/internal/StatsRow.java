package dev.portalkit.messaging.internal;

import dev.portalkit.messaging.EmailStatus;

/** One group of {@code EmailService.stats}. Not API. */
public record StatsRow(String templateKey, EmailStatus status, long total, long opened, long clicked) {
}
