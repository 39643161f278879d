package dev.portalkit.content.internal;

import dev.portalkit.content.ContentOptions;
import dev.portalkit.core.spi.ModuleContext;
import dev.portalkit.core.spi.ModuleSupport;

/**
 * What the content services share: core's {@link ModuleSupport} and the module's options. Not API.
 *
 * <p>Every changing call is {@code tx.callRetrying} (a transaction of its own, run again from the
 * start after a lost serialization race or a deadlock, joining a host's transaction instead when one
 * is open): every content call only touches the database, so it is safe to repeat. Every read is
 * {@code tx.read}: one statement in autocommit, one round trip, nothing audited inside.
 */
final class ContentContext extends ModuleSupport {

    final ContentOptions options;

    ContentContext(ModuleContext context, ContentOptions options) {
        super(context);
        this.options = options;
    }
}
