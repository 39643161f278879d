package dev.portalkit.stripe.internal;

import dev.portalkit.billing.PaymentService;
import dev.portalkit.core.spi.ModuleContext;
import dev.portalkit.stripe.StripeOptions;
import dev.portalkit.stripe.StripeWebhooks;
import java.util.List;

/** Creates and registers the stripe services. Not API. */
public final class StripeWiring {

    private StripeWiring() {
    }

    public static List<Class<?>> mappers() {
        return List.of(WebhookEventMapper.class);
    }

    public static void start(ModuleContext context, StripeOptions options) {
        context.provide(StripeWebhooks.class, new DefaultStripeWebhooks(new StripeContext(context, options),
                context.service(PaymentService.class)));
    }
}
