package dev.portalkit.billing;

import dev.portalkit.core.ConflictException;

/** The subscription's status does not allow the call (an illegal transition, or a concurrent call changed it first). */
public class SubscriptionStateException extends ConflictException {

    private static final long serialVersionUID = 1L;

    public SubscriptionStateException(java.util.UUID id, SubscriptionStatus status, String action) {
        super(BillingError.SUBSCRIPTION_STATE, id, status, action);
    }
}
