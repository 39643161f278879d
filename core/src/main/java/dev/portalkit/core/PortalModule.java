package dev.portalkit.core;

import dev.portalkit.core.spi.ModuleContext;
import java.util.List;
import java.util.Set;

/**
 * A feature module a host installs explicitly with {@code Portal.builder().install(...)}: it
 * contributes its migrations, its MyBatis mappers, its settings and its services. Adding a jar
 * alone never creates tables. A module object is an immutable description (its options): the
 * same instance may be installed in several Portals.
 */
public interface PortalModule {

    /** Short lowercase name; the module's Flyway history table is {@code portalkit_<name>_history}. */
    String name();

    /**
     * The Maven artifact that ships the module (default: portalkit-{name}). Messages about an
     * installed module name it beside {@link #name()}: a failed or mismatched migration
     * ({@code PK-1002}, {@code PK-1003}), an unreadable schema manifest, a service the installed
     * module does not provide (an older jar). A module that is not installed has no instance to ask:
     * {@code PK-1001} and a missing required module name the artifact by its package,
     * {@code dev.portalkit.<name>} giving {@code dev.portalkit:portalkit-<name>}.
     */
    default String artifactId() {
        return "portalkit-" + name();
    }

    /**
     * Where the module's Flyway migrations live. The default follows the convention every PortalKit
     * module keeps: {@code db/migration} under the module class's package path, e.g.
     * {@code classpath:dev/portalkit/auth/db/migration} for {@code dev.portalkit.auth.AuthModule}.
     * Override it only for migrations elsewhere. A {@code schema-manifest.txt} in the folder above it
     * ({@code dev/portalkit/auth/db/}) lists the constraints, indexes, triggers and extensions they
     * create, which {@code build()} checks are present; generate it from a fresh migration (see
     * portalkit-core's {@code SchemaManifest}). A module without one is not checked.
     */
    default String migrationLocation() {
        return "classpath:" + getClass().getPackageName().replace('.', '/') + "/db/migration";
    }

    /** Modules that must be installed too; they are migrated and started first. */
    default Set<Class<? extends PortalModule>> requires() {
        return Set.of();
    }

    /** MyBatis mapper interfaces; each one's XML lies beside it under the same name. */
    default List<Class<?>> mappers() {
        return List.of();
    }

    /** Settings the module declares, so {@code SettingsService} knows their types and defaults. */
    default List<Setting<?>> settings() {
        return List.of();
    }

    /** Creates the module's services and registers them with the context. Called once per Portal. */
    void start(ModuleContext context);
}
