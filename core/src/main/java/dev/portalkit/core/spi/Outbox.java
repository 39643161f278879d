package dev.portalkit.core.spi;

import dev.portalkit.core.CallContext;
import java.util.Map;
import java.util.UUID;

/**
 * The e-mail outbox a module may queue into without depending on portalkit-messaging, which provides
 * it; find it with {@link ModuleContext#optionalService}.
 */
public interface Outbox {

    /**
     * Queues template {@code templateKey} (default locale) to {@code to}, about {@code userId}, in the
     * caller's transaction: it is sent only if that transaction commits. The same
     * {@code idempotencyKey} never queues twice; the first e-mail's id is returned.
     */
    UUID queue(String templateKey, String to, UUID userId, Map<String, ?> model, String idempotencyKey,
               CallContext context);
}
