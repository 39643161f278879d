package dev.portalkit.billing;

import dev.portalkit.auth.AuthModule;
import dev.portalkit.billing.internal.BillingWiring;
import dev.portalkit.core.PortalModule;
import dev.portalkit.core.spi.ModuleContext;
import dev.portalkit.core.spi.Problems;
import java.util.List;
import java.util.Set;

/**
 * portalkit-billing: {@code pricing_tiers}, {@code user_subscriptions}, {@code payments},
 * {@code payment_refunds}, {@code bookings} and {@code provider_availability}, with
 * {@link PricingService}, {@link SubscriptionService}, {@link PaymentService} and
 * {@code BookingService}. Needs {@link AuthModule}.
 *
 * <pre>{@code Portal.builder()...install(new AuthModule(), new BillingModule(BillingOptions.builder().gateway(myGateway).build()))}</pre>
 */
public final class BillingModule implements PortalModule {

    /** Where the module's migrations live (its migrationLocation()), for hosts that run their own Flyway. */
    public static final String MIGRATIONS = "classpath:dev/portalkit/billing/db/migration";

    private final BillingOptions options;

    /** Defaults, with an {@link InMemoryPaymentGateway}: for tests and demos only. */
    public BillingModule() {
        this(BillingOptions.defaults());
    }

    public BillingModule(BillingOptions options) {
        new Problems().check(options != null, "BillingModule needs options (was null): use BillingOptions.defaults()")
                .throwIfAny();
        this.options = options;
    }

    public BillingOptions options() {
        return options;
    }

    @Override
    public String name() {
        return "billing";
    }

    @Override
    public Set<Class<? extends PortalModule>> requires() {
        return Set.of(AuthModule.class);
    }

    @Override
    public List<Class<?>> mappers() {
        return BillingWiring.mappers();
    }

    @Override
    public void start(ModuleContext context) {
        BillingWiring.start(context, options);
    }
}
