package dev.portalkit.billing.booking;

import dev.portalkit.billing.BillingError;
import dev.portalkit.core.ValidationException;
import java.util.List;

/**
 * The provider is a user who cannot be booked: only a live, ACTIVE user with availability (set by
 * {@link BookingService#setAvailability}) can be, and not a DISABLED one even with availability.
 * Names the field {@code providerId}; nothing was written.
 */
public class ProviderNotBookableException extends ValidationException {

    private static final long serialVersionUID = 1L;

    public ProviderNotBookableException(String why) {
        super(BillingError.PROVIDER_NOT_BOOKABLE, List.of(new FieldError("providerId", why)), null);
    }
}
