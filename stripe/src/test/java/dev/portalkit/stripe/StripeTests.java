package dev.portalkit.stripe;

import dev.portalkit.auth.AuthModule;
import dev.portalkit.auth.AuthOptions;
import dev.portalkit.auth.NewUser;
import dev.portalkit.auth.UserService;
import dev.portalkit.billing.BillingModule;
import dev.portalkit.billing.BillingOptions;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.Portal;
import dev.portalkit.stripe.internal.Signatures;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.TestData;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

/** The stripe suite's support: auth, billing and stripe on a fresh database per class, against a {@link FakeStripe}. */
final class StripeTests {

    static final CallContext CLIENT = CallContext.anonymous("203.0.113.9", "JUnit browser");
    static final CallContext WEBHOOK = CallContext.system("stripe-webhook");
    /** Test-only values that look like Stripe's, assembled so no scanner mistakes them for real ones. */
    static final String SECRET_KEY = "sk_" + "test_" + "PortalKitSuiteKey0123456789";
    static final String WEBHOOK_SECRET = "whsec_" + "PortalKitSuiteWebhookSecret42";

    private StripeTests() {
    }

    static StripeOptions.Builder options(FakeStripe fake) {
        return StripeOptions.builder()
                .secretKey(SECRET_KEY)
                .webhookSecret(WEBHOOK_SECRET)
                .customers(user -> Optional.of(new StripeCustomer("cus_" + user.toString().substring(0, 8), "pm_card_visa")))
                .apiBase(fake.apiBase())
                .connectTimeout(Duration.ofSeconds(2))
                .readTimeout(Duration.ofMillis(600));
    }

    static PortalExtension portal(StripeGateway gateway, UnaryOperator<BillingOptions.Builder> billing) {
        return PortalExtension.builder()
                .install(new AuthModule(AuthOptions.builder().bcryptCost(4).build()),
                        new BillingModule(billing.apply(BillingOptions.builder().gateway(gateway)).build()),
                        new StripeModule(gateway))
                .configure(b -> b.maximumPoolSize(20))
                .build();
    }

    static UUID user(Portal portal, String name) {
        return portal.service(UserService.class)
                .register(NewUser.member(TestData.email(name), "correct horse battery", name), CLIENT).id();
    }

    static String key() {
        return "order-" + UUID.randomUUID();
    }

    /** A {@code Stripe-Signature} header as Stripe writes it, signed at {@code at} with {@code secret}. */
    static String signature(String payload, String secret, Instant at) {
        long t = at.getEpochSecond();
        return "t=" + t + ",v1=" + HexFormat.of().formatHex(Signatures.hmac(secret, t + "." + payload));
    }

    /** An event about {@code object} (a PaymentIntent or Refund as FakeStripe holds it), as Stripe sends it. */
    static String event(String eventId, String type, com.google.gson.JsonObject object) {
        com.google.gson.JsonObject data = new com.google.gson.JsonObject();
        data.add("object", object);
        com.google.gson.JsonObject e = new com.google.gson.JsonObject();
        e.addProperty("id", eventId);
        e.addProperty("object", "event");
        e.addProperty("api_version", "2025-11-17.clover");
        e.addProperty("created", Instant.now().getEpochSecond());
        e.addProperty("livemode", false);
        e.addProperty("type", type);
        e.add("data", data);
        return e.toString();
    }
}
