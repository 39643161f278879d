package dev.portalkit.auth;

import dev.portalkit.core.TransientException;
import java.time.Duration;

/**
 * More reset requests for one address than {@link AuthOptions#resetRequestLimit()} within
 * {@link AuthOptions#resetRequestWindow()} ({@code PK-2005}). Retryable: {@link #retryAfter()} says
 * when the oldest counted request leaves the window. Thrown alike for an address with an account and
 * one without, so it tells nothing about which addresses have accounts. Nothing was written.
 */
public class PasswordResetLimitException extends TransientException {

    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    public PasswordResetLimitException(Duration retryAfter) {
        super(AuthError.RESET_LIMITED, null, seconds(retryAfter));
        this.retryAfter = Duration.ofSeconds(seconds(retryAfter));
    }

    /** How long until one more request for the address is allowed, in whole seconds (at least one). */
    public Duration retryAfter() {
        return retryAfter;
    }

    private static long seconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }
}
