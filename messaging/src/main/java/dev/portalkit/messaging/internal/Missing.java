package dev.portalkit.messaging.internal;

import dev.portalkit.core.NotFoundException;
import java.util.UUID;

/** Messaging's not-found errors: core's {@link NotFoundException} (PK-1011), with one name per entity. Not API. */
final class Missing {

    private Missing() {
    }

    /** No live template for the key in {@code locale} (for a resolve: nor in any fallback of it). */
    static NotFoundException template(String key, String locale) {
        return new NotFoundException("Email template", key + "/" + locale);
    }

    /** No e-mail has this Message-ID (ours or the provider's). */
    static NotFoundException email(String messageId) {
        return new NotFoundException("Email", messageId);
    }

    /** Not a message the user may see: none, deleted by them, or someone else's, alike on purpose. */
    static NotFoundException message(UUID id) {
        return new NotFoundException("Message", id);
    }
}
