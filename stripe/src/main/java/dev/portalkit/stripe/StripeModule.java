package dev.portalkit.stripe;

import dev.portalkit.billing.BillingModule;
import dev.portalkit.core.PortalModule;
import dev.portalkit.core.spi.ModuleContext;
import dev.portalkit.core.spi.Problems;
import dev.portalkit.stripe.internal.StripeWiring;
import java.util.List;
import java.util.Set;

/**
 * portalkit-stripe: the table {@code stripe_webhook_events} and {@link StripeWebhooks}. Needs portalkit-billing,
 * whose gateway should be the same {@link StripeGateway}:
 *
 * <pre>{@code
 * StripeGateway stripe = new StripeGateway(StripeOptions.builder()
 *         .secretKey(System.getenv("STRIPE_SECRET_KEY")).webhookSecret(System.getenv("STRIPE_WEBHOOK_SECRET"))
 *         .customers(myCustomers).build());
 * Portal.builder()...install(new AuthModule(), new BillingModule(BillingOptions.builder().gateway(stripe).build()),
 *         new StripeModule(stripe))
 * }</pre>
 */
public final class StripeModule implements PortalModule {

    /** Where the module's migrations live (its migrationLocation()), for hosts that run their own Flyway. */
    public static final String MIGRATIONS = "classpath:dev/portalkit/stripe/db/migration";

    private final StripeGateway gateway;

    /** @throws dev.portalkit.core.PortalConfigurationException (PK-1000) when {@code gateway} is null */
    public StripeModule(StripeGateway gateway) {
        new Problems().check(gateway != null, "StripeModule needs the StripeGateway (was null): new StripeGateway(options)")
                .throwIfAny();
        this.gateway = gateway;
    }

    public StripeGateway gateway() {
        return gateway;
    }

    @Override
    public String name() {
        return "stripe";
    }

    @Override
    public Set<Class<? extends PortalModule>> requires() {
        return Set.of(BillingModule.class);
    }

    @Override
    public List<Class<?>> mappers() {
        return StripeWiring.mappers();
    }

    @Override
    public void start(ModuleContext context) {
        StripeWiring.start(context, gateway.options());
    }
}
