package dev.portalkit.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalkit.testing.PortalExtension;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code Portal.health()}: the database's answer and the schema check of {@code VALIDATE}. */
class PortalHealthIT {

    @RegisterExtension
    static final PortalExtension kit = PortalExtension.core();

    @Test
    void aMigratedSchemaIsHealthyAndALostIndexIsNamed() throws SQLException {
        PortalHealth health = kit.portal().health();
        assertThat(health.databaseReachable()).isTrue();
        assertThat(health.problems()).isEmpty();
        assertThat(health.healthy()).isTrue();

        String schema = kit.portal().schema();
        try (Connection c = kit.database().directDataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE " + schema + ".nav_items DROP CONSTRAINT nav_items_pkey CASCADE");
        }
        PortalHealth broken = kit.portal().health();
        assertThat(broken.databaseReachable()).isTrue();
        assertThat(broken.healthy()).isFalse();
        assertThat(broken.problems()).singleElement().asString().contains("PK-1005").contains("nav_items_pkey");
    }

    @Test
    void anUnreachableDatabaseIsReportedNotThrown() {
        java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean();
        javax.sql.DataSource pool = kit.portal().dataSource();
        javax.sql.DataSource flaky = (javax.sql.DataSource) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {javax.sql.DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection") && down.get()) {
                        throw new SQLException("Connection refused", "08001");
                    }
                    try {
                        return method.invoke(pool, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        try (Portal portal = Portal.builder().dataSource(flaky).schema(kit.portal().schema())
                .migration(MigrationMode.VALIDATE).backgroundSealing(false).build()) {
            assertThat(portal.health().healthy()).isTrue();
            down.set(true);
            PortalHealth health = portal.health();
            assertThat(health.databaseReachable()).isFalse();
            assertThat(health.healthy()).isFalse();
            assertThat(health.problems()).singleElement().asString().contains("unreachable").contains("08001");
        }
    }
}
