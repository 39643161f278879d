package dev.portalkit.demobroken;

import dev.portalkit.core.PortalModule;
import dev.portalkit.core.spi.ModuleContext;

/** A module whose migration fails: what PK-1002 says about it. */
public final class DemoBrokenModule implements PortalModule {

    @Override
    public String name() {
        return "demobroken";
    }

    @Override
    public String migrationLocation() {
        return "classpath:dev/portalkit/demobroken/db/migration";
    }

    @Override
    public void start(ModuleContext context) {
    }
}
