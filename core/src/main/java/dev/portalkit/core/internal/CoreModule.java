package dev.portalkit.core.internal;

import dev.portalkit.core.NavigationService;
import dev.portalkit.core.PortalModule;
import dev.portalkit.core.spi.AuditSql;
import dev.portalkit.core.spi.ModuleContext;
import java.util.List;

/** portalkit-core's own module: always installed first, by the Portal itself. */
public final class CoreModule implements PortalModule {

    public static final String MIGRATIONS = "classpath:dev/portalkit/core/db/migration";

    @Override
    public String name() {
        return "core";
    }

    /** Core's migrations lie under {@code dev/portalkit/core}, not under this class's internal package. */
    @Override
    public String migrationLocation() {
        return MIGRATIONS;
    }

    @Override
    public List<Class<?>> mappers() {
        return List.of(AuditSql.class, AppSettingMapper.class, NavItemMapper.class, ActivityLogMapper.class,
                AuditSealMapper.class);
    }

    @Override
    public void start(ModuleContext context) {
        // SettingsService needs every module's declarations and ActivityLog the Portal's audit keys
        // and sealer, so the runtime provides them.
        CoreContext core = new CoreContext(context);
        context.provide(NavigationService.class, new DefaultNavigationService(core));
        context.onConstraint("nav_items_no_cycle", v -> DefaultNavigationService.cycle());
        context.onConstraint("nav_items_not_own_parent", v -> DefaultNavigationService.cycle());
    }
}
