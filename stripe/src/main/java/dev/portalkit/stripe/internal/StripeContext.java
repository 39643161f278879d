package dev.portalkit.stripe.internal;

import dev.portalkit.core.spi.ModuleContext;
import dev.portalkit.core.spi.ModuleSupport;
import dev.portalkit.stripe.StripeOptions;

/** What the stripe services share: core's runtime, the options and the mapper. Not API. */
final class StripeContext extends ModuleSupport<StripeOptions> {

    StripeContext(ModuleContext context, StripeOptions options) {
        super(context, options);
    }

    WebhookEventMapper events() {
        return mapper(WebhookEventMapper.class);
    }
}
