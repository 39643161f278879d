package dev.portalkit.messaging.internal;

import dev.portalkit.core.spi.ModuleContext;
import dev.portalkit.core.spi.ModuleSupport;
import dev.portalkit.messaging.MessagingOptions;

/** What the messaging services share: core's {@link ModuleSupport}, the options, the renderer, the mappers. Not API. */
final class MessagingContext extends ModuleSupport<MessagingOptions> {

    final Renderer renderer;

    MessagingContext(ModuleContext context, MessagingOptions options) {
        super(context, options);
        this.renderer = new Renderer(json);
    }

    /** The normalised tag of {@code locale}, the default locale for {@code null}; {@code null} if it is no tag. */
    String tagOrDefault(String locale) {
        return locale == null ? options.defaultLocale() : Locales.normalize(locale);
    }

    EmailTemplateMapper templates() {
        return mapper(EmailTemplateMapper.class);
    }

    EmailLogMapper logs() {
        return mapper(EmailLogMapper.class);
    }

    EmailMessageMapper messages() {
        return mapper(EmailMessageMapper.class);
    }
}
