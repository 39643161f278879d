package dev.portalkit.demoaddon;

import dev.portalkit.core.PortalModule;
import dev.portalkit.core.spi.ModuleContext;
import dev.portalkit.demo.DemoModule;
import java.util.Set;

/** Needs the demo module, as billing needs auth. */
public final class DemoAddonModule implements PortalModule {

    @Override
    public String name() {
        return "demoaddon";
    }

    @Override
    public String migrationLocation() {
        return "classpath:dev/portalkit/demoaddon/db/migration";
    }

    @Override
    public Set<Class<? extends PortalModule>> requires() {
        return Set.of(DemoModule.class);
    }

    @Override
    public void start(ModuleContext context) {
    }
}
