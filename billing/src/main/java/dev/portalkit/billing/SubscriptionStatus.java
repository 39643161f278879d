package dev.portalkit.billing;

import java.util.Set;

/**
 * A subscription's state. Allowed transitions: TRIALING to ACTIVE, PAST_DUE or CANCELED; ACTIVE to
 * ACTIVE (renewal), PAST_DUE or CANCELED; PAST_DUE to ACTIVE, UNPAID or CANCELED; UNPAID to ACTIVE
 * or CANCELED; CANCELED is terminal.
 */
public enum SubscriptionStatus {
    TRIALING, ACTIVE, PAST_DUE, UNPAID, CANCELED;

    public Set<SubscriptionStatus> next() {
        return switch (this) {
            case TRIALING -> Set.of(ACTIVE, PAST_DUE, CANCELED);
            case ACTIVE -> Set.of(ACTIVE, PAST_DUE, CANCELED);
            case PAST_DUE -> Set.of(ACTIVE, UNPAID, CANCELED);
            case UNPAID -> Set.of(ACTIVE, CANCELED);
            case CANCELED -> Set.of();
        };
    }

    public boolean canMoveTo(SubscriptionStatus target) {
        return next().contains(target);
    }
}
