package dev.portalkit.spring;

import dev.portalkit.core.Portal;
import java.util.Set;
import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;

/**
 * Tells Spring Boot that the Portal bean initializes the database (it applies PortalKit's migrations when
 * it is built). Boot then builds it before whatever depends on database initialization (JdbcTemplate,
 * JPA, {@code @DependsOnDatabaseInitialization} beans) and before the host's Flyway migrates (Boot's
 * FlywayMigrationInitializer detector has order 1): a host migration may reference PortalKit's tables,
 * e.g. a foreign key to {@code portal.users}; PortalKit's never reference the host's.
 */
public final class PortalDatabaseInitializerDetector extends AbstractBeansOfTypeDatabaseInitializerDetector {

    @Override
    protected Set<Class<?>> getDatabaseInitializerBeanTypes() {
        return Set.of(Portal.class);
    }

    @Override
    public int getOrder() {
        return 0;
    }
}
