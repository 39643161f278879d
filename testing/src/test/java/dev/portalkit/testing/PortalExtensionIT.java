package dev.portalkit.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalkit.core.CallContext;
import dev.portalkit.core.NavItemInput;
import dev.portalkit.core.NavigationService;
import dev.portalkit.core.Portal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The test kit as a host application uses it. */
class PortalExtensionIT {

    static final Clock FIXED = Clock.fixed(Instant.parse("2030-01-02T03:04:05Z"), ZoneOffset.UTC);

    @RegisterExtension
    static final PortalExtension kit = PortalExtension.builder().configure(b -> b.clock(FIXED)).build();

    @Test
    void injectsAMigratedPortalItsPoolAndItsDatabase(Portal portal, DataSource dataSource, TestDatabase database)
            throws SQLException {
        assertThat(portal).isSameAs(kit.portal());
        assertThat(dataSource).isSameAs(portal.dataSource());
        assertThat(database.name()).startsWith("pk_");
        assertThat(portal.config().clock()).isSameAs(FIXED);
        try (Connection c = dataSource.getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT current_database(), count(*) FROM portal.portalkit_core_history")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(database.name());
            assertThat(rs.getInt(2)).isPositive(); // migrated by the template, not by this class
        }
    }

    @Test
    void anEmptyDatabaseIsEmpty() throws SQLException {
        TestDatabase empty = TestDatabases.empty();
        try (Connection c = empty.dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM pg_namespace WHERE nspname = 'portal'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        } finally {
            TestDatabases.server().dropDatabase(empty.name());
        }
    }

    @Test
    void twoMigratedDatabasesDoNotShareRows() {
        TestDatabase a = TestDatabases.migrated("portal", java.util.List.of());
        TestDatabase b = TestDatabases.migrated("portal", java.util.List.of());
        try (Portal pa = Portal.builder().dataSource(a.dataSource()).build();
             Portal pb = Portal.builder().dataSource(b.dataSource()).build()) {
            pa.service(NavigationService.class).create(null, null, NavItemInput.link("A", "/a"), CallContext.system("t"));
            assertThat(pa.service(NavigationService.class).fullTree()).hasSize(1);
            assertThat(pb.service(NavigationService.class).fullTree()).isEmpty();
        } finally {
            TestDatabases.server().dropDatabase(a.name());
            TestDatabases.server().dropDatabase(b.name());
        }
    }
}
