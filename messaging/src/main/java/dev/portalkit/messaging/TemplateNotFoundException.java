package dev.portalkit.messaging;

import dev.portalkit.core.NotFoundException;

/** No live template for the key, neither in the locale asked for nor in any fallback locale. */
public class TemplateNotFoundException extends NotFoundException {

    private static final long serialVersionUID = 1L;

    public TemplateNotFoundException(String key, String locale) {
        super(MessagingError.TEMPLATE_NOT_FOUND, key, locale);
    }
}
