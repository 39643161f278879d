package dev.portalkit.billing.internal;

import dev.portalkit.auth.UserService;
import dev.portalkit.billing.BillingError;
import dev.portalkit.billing.BillingOptions;
import dev.portalkit.core.NotFoundException;
import dev.portalkit.core.PortalException;
import dev.portalkit.core.spi.ModuleContext;
import dev.portalkit.core.spi.ModuleSupport;
import java.util.UUID;

/**
 * What the billing services share: core's runtime ({@link ModuleSupport}), the options, auth's users
 * and a mapper per table. Not API.
 *
 * <p>Billing's transactions are {@code tx.call}, never {@code tx.callRetrying}, on purpose: each is a
 * compare-and-set whose loser gets a typed error, or a payment step that must not run twice. Only the
 * booking writes that race on one slot retry ({@link DefaultBookingService}).
 */
final class BillingContext extends ModuleSupport<BillingOptions> {

    final UserService users;

    BillingContext(ModuleContext context, BillingOptions options) {
        super(context, options);
        this.users = context.service(UserService.class);
    }

    PricingTierMapper tiers() {
        return mapper(PricingTierMapper.class);
    }

    UserSubscriptionMapper subscriptions() {
        return mapper(UserSubscriptionMapper.class);
    }

    PaymentMapper payments() {
        return mapper(PaymentMapper.class);
    }

    PaymentRefundMapper refunds() {
        return mapper(PaymentRefundMapper.class);
    }

    IdempotencyKeyMapper keys() {
        return mapper(IdempotencyKeyMapper.class);
    }

    BookingMapper bookings() {
        return mapper(BookingMapper.class);
    }

    ProviderAvailabilityMapper availability() {
        return mapper(ProviderAvailabilityMapper.class);
    }

    /** Inside a transaction: the user must exist and be live. */
    void requireUser(UUID userId) {
        if (users.find(userId).isEmpty()) {
            throw new NotFoundException("User", userId);
        }
    }

    /**
     * Adds {@code n} to the counter {@code name} tagged {@code result}: a batch job's outcomes, counted once
     * they committed. The names are API (README, "Metrics").
     */
    void count(String name, String result, int n) {
        for (int i = 0; i < n; i++) {
            meters.count(name, "result", result);
        }
    }

    /** Calls whose row must be committed before a gateway call cannot join a host's transaction. */
    void refuseInTransaction(String what) {
        if (tx.active()) {
            throw new PortalException(BillingError.PAYMENT_IN_TRANSACTION, what);
        }
    }
}
