package dev.portalkit.billing.booking;

import dev.portalkit.billing.BillingError;
import dev.portalkit.core.ConflictException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** The customer tried to cancel inside the cut-off before the start (default 24 hours). */
public class CancellationClosedException extends ConflictException {

    private static final long serialVersionUID = 1L;

    public CancellationClosedException(UUID id, Instant start, Duration cutoff) {
        super(BillingError.CANCELLATION_CUTOFF, id, start, cutoff);
    }
}
