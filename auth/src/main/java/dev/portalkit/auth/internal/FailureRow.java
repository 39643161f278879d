package dev.portalkit.auth.internal;

import java.time.Instant;

/** A user's failure counter after one more counted failure. Not API. */
public record FailureRow(int failedLogins, Instant lockedUntil) {
}
