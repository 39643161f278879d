package dev.portalkit.resilience;

import dev.portalkit.auth.AuthModule;
import dev.portalkit.auth.AuthOptions;
import dev.portalkit.billing.BillingModule;
import dev.portalkit.billing.BillingOptions;
import dev.portalkit.billing.InMemoryPaymentGateway;
import dev.portalkit.content.ContentModule;
import dev.portalkit.core.MigrationMode;
import dev.portalkit.core.Portal;
import dev.portalkit.core.PortalModule;
import dev.portalkit.core.Setting;
import dev.portalkit.messaging.InMemoryEmailSender;
import dev.portalkit.messaging.MessagingModule;
import dev.portalkit.messaging.MessagingOptions;
import dev.portalkit.stripe.StripeGateway;
import dev.portalkit.stripe.StripeModule;
import dev.portalkit.stripe.StripeOptions;
import dev.portalkit.testing.TestDatabase;
import dev.portalkit.testing.TestDatabases;
import java.util.List;
import java.util.Optional;

/**
 * Every PortalKit module as the tests that walk all services install it: cheap bcrypt, payments and e-mail in
 * memory. Stripe's module is installed for its table and its webhook service; its gateway points at a port
 * nothing listens on (no test here reaches a network), and billing charges through the in-memory gateway.
 */
final class AllModules {

    private AllModules() {
    }

    /** Fresh module instances (a Portal's modules are not shared), auth knowing {@code userSettings}. */
    static List<PortalModule> list(Setting<?>... userSettings) {
        return List.of(
                new AuthModule(AuthOptions.builder().bcryptCost(4).userSettings(userSettings)
                        .totpKey("resilience-1", TOTP_KEY).build()),
                new BillingModule(BillingOptions.builder().gateway(new InMemoryPaymentGateway()).build()),
                new ContentModule(),
                new MessagingModule(MessagingOptions.builder().from("Acme <no-reply@acme.example>")
                        .sender(new InMemoryEmailSender()).domainRateLimit(100).build()),
                stripe());
    }

    /** The suite's key for two-factor secrets (a test value: a host's comes from its configuration). */
    static final byte[] TOTP_KEY = "resilience suite totp key 32 by!".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    static final String STRIPE_WEBHOOK_SECRET = "whsec_" + "ResilienceSuiteSecret42";

    static StripeModule stripe() {
        return new StripeModule(new StripeGateway(StripeOptions.builder()
                .secretKey("sk_" + "test_" + "ResilienceSuiteKey0123456789").webhookSecret(STRIPE_WEBHOOK_SECRET)
                .customers(user -> Optional.empty()).apiBase("http://127.0.0.1:9").build()));
    }

    /**
     * A Portal of {@code modules} with a small pool on {@code db}, migrated for them already (a test kit
     * template). Its audit trail is sealed on demand only, as the test kit's: tests here compare every
     * table around a call.
     */
    static Portal open(TestDatabase db, List<PortalModule> modules, Setting<?>... settings) {
        return Portal.builder().jdbcUrl(db.jdbcUrl()).username(db.username()).password(db.password())
                .migration(MigrationMode.NONE).minimumIdle(0).settings(settings).backgroundSealing(false)
                .install(modules.toArray(PortalModule[]::new)).build();
    }

    /** Closes the Portal and drops its database, whichever of them a start that failed half way left null. */
    static void close(Portal portal, TestDatabase db) {
        try {
            if (portal != null) {
                portal.close();
            }
        } finally {
            if (db != null) {
                TestDatabases.server().dropDatabase(db.name());
            }
        }
    }
}
