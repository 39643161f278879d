package dev.portalkit.auth.internal;

import java.time.Instant;

/** A user's failure counter after one more failed login. Not API. */
public record FailureRow(int failedLogins, Instant lockedUntil) {
}
