package dev.portalkit.billing.booking;

import dev.portalkit.billing.BillingError;
import dev.portalkit.core.ValidationException;
import java.util.List;

/**
 * The booking's {@code paymentId} names a payment that cannot pay for it: another user's (it must be
 * the customer's), or one that captured nothing or was wholly refunded (it must be SUCCEEDED or
 * PARTIALLY_REFUNDED, with something not refunded and no refund pending for the rest). Names the
 * field {@code paymentId}; nothing was written.
 */
public class BookingPaymentRefusedException extends ValidationException {

    private static final long serialVersionUID = 1L;

    public BookingPaymentRefusedException(String why) {
        super(BillingError.BOOKING_PAYMENT_REFUSED, List.of(new FieldError("paymentId", why)), null);
    }
}
