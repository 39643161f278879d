package dev.portalkit.billing.booking;

import dev.portalkit.billing.BillingError;
import dev.portalkit.core.ConflictException;
import java.util.UUID;

/** The booking's status (or version) does not allow the call: an illegal transition, or a concurrent one won. */
public class BookingStateException extends ConflictException {

    private static final long serialVersionUID = 1L;

    public BookingStateException(UUID id, BookingStatus status, String action) {
        super(BillingError.BOOKING_STATE, id, status, action);
    }
}
