package dev.portalkit.billing.booking;

/**
 * HELD (blocks the slot until its hold expires), PENDING and CONFIRMED block the provider's time;
 * the others do not. HELD to PENDING, CONFIRMED, CANCELLED or EXPIRED; PENDING to CONFIRMED,
 * CANCELLED or RESCHEDULED; CONFIRMED to CANCELLED, RESCHEDULED, COMPLETED or NO_SHOW.
 */
public enum BookingStatus {
    HELD, PENDING, CONFIRMED, CANCELLED, COMPLETED, NO_SHOW, RESCHEDULED, EXPIRED;

    /** Whether a booking in this status keeps others out of its time. */
    public boolean blocking() {
        return this == HELD || this == PENDING || this == CONFIRMED;
    }
}
