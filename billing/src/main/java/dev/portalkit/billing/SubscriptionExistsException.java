package dev.portalkit.billing;

import dev.portalkit.core.ConflictException;

/** The user already has a live (not CANCELED) subscription: change its tier instead. */
public class SubscriptionExistsException extends ConflictException {

    private static final long serialVersionUID = 1L;

    public SubscriptionExistsException() {
        super(BillingError.SUBSCRIPTION_EXISTS);
    }
}
