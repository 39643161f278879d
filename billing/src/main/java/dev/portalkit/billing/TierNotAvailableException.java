package dev.portalkit.billing;

import dev.portalkit.core.ConflictException;

/** The tier is archived or deleted, so it cannot be sold (existing subscribers keep it). */
public class TierNotAvailableException extends ConflictException {

    private static final long serialVersionUID = 1L;

    public TierNotAvailableException(Object tier) {
        super(BillingError.TIER_NOT_AVAILABLE, tier);
    }
}
