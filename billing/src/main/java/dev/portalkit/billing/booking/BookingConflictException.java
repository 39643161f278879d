package dev.portalkit.billing.booking;

import dev.portalkit.billing.BillingError;
import dev.portalkit.core.ConflictException;

/**
 * The time (with the provider's buffers) overlaps another HELD, PENDING or CONFIRMED booking of the
 * provider. Refused by the database's exclusion constraint; a deadlock or serialization failure of
 * racing bookings on one slot is reported as this too, after retries.
 */
public class BookingConflictException extends ConflictException {

    private static final long serialVersionUID = 1L;

    public BookingConflictException() {
        super(BillingError.BOOKING_CONFLICT);
    }

    public BookingConflictException(Throwable cause) {
        super(BillingError.BOOKING_CONFLICT, cause);
    }
}
