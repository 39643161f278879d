package dev.portalkit.core.internal;

import dev.portalkit.core.spi.ModuleContext;
import dev.portalkit.core.spi.ModuleSupport;

/** What core's own services share, the way every module's {@code *Context} does: nothing of its own so far. */
final class CoreContext extends ModuleSupport<Void> {

    CoreContext(ModuleContext context) {
        super(context, null);
    }
}
