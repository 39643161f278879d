package dev.portalkit.billing.internal;

import dev.portalkit.billing.BillingError;
import dev.portalkit.billing.BillingOptions;
import dev.portalkit.billing.PaymentService;
import dev.portalkit.billing.PricingService;
import dev.portalkit.billing.SubscriptionExistsException;
import dev.portalkit.billing.SubscriptionService;
import dev.portalkit.billing.TierCodeTakenException;
import dev.portalkit.billing.booking.BookingConflictException;
import dev.portalkit.billing.booking.BookingService;
import dev.portalkit.core.ConflictException;
import dev.portalkit.core.NotFoundException;
import dev.portalkit.core.spi.ModuleContext;
import dev.portalkit.core.spi.Outbox;
import java.util.List;

/** Creates and registers the billing services. Not API. */
public final class BillingWiring {

    private BillingWiring() {
    }

    public static List<Class<?>> mappers() {
        // ProviderAvailabilityMapper and BookingReminderMapper before BookingMapper, whose XML includes their SQL.
        return List.of(PricingTierMapper.class, UserSubscriptionMapper.class, PaymentMapper.class,
                PaymentRefundMapper.class, IdempotencyKeyMapper.class, ProviderAvailabilityMapper.class,
                BookingReminderMapper.class, BookingMapper.class, PersonalDataMapper.class);
    }

    public static void start(ModuleContext context, BillingOptions options) {
        BillingContext billing = new BillingContext(context, options);
        context.onConstraint("pricing_tiers_code_live_key", v -> new TierCodeTakenException());
        context.onConstraint("user_subscriptions_user_live_key", v -> new SubscriptionExistsException());
        context.onConstraint("payments_subscription_period_key", v -> new ConflictException(BillingError.PERIOD_ALREADY_CHARGED));
        context.onConstraint("payments_user_id_fkey", v -> new NotFoundException("User", "(unknown)"));
        context.onConstraint("bookings_no_overlap", v -> new BookingConflictException());
        Charges charges = new Charges(billing);
        Refunds refunds = new Refunds(billing);
        KeyedCalls keyed = new KeyedCalls(billing, charges, refunds);
        context.provide(PricingService.class, new DefaultPricingService(billing));
        context.provide(PaymentService.class, new DefaultPaymentService(billing, charges, refunds,
                new Reconciliation(billing, refunds, keyed))); // reconcile() finishes keyed calls whose charge it settled
        context.provide(SubscriptionService.class,
                new DefaultSubscriptionService(billing, keyed, new Renewals(billing, charges, keyed)));
        context.personalData("billing", new BillingPersonalData(billing));
        context.provide(BookingService.class, new DefaultBookingService(billing,
                new Reminders(billing, context.optionalService(Outbox.class))));
    }
}
