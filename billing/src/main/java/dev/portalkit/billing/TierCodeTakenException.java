package dev.portalkit.billing;

import dev.portalkit.core.ConflictException;

/** Another live pricing tier uses the code. */
public class TierCodeTakenException extends ConflictException {

    private static final long serialVersionUID = 1L;

    public TierCodeTakenException() {
        super(BillingError.TIER_CODE_TAKEN);
    }
}
