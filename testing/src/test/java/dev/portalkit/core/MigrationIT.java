package dev.portalkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class MigrationIT extends EmptyDatabaseTest {

    @Test
    void freshMigrationCreatesTheCoreTablesInTheirOwnSchemaAndNothingInPublic() throws SQLException {
        try (Portal portal = builder().build()) {
            assertThat(tables(portal.dataSource(), "portal")).containsExactlyInAnyOrder(
                    "activity_actors", "activity_log_head", "activity_logs", "activity_log_seals", "activity_log_checkpoints",
                    "activity_log_erasures", "activity_log_txid_shifts", "activity_log_removals", "app_settings", "nav_items",
                    "portalkit_core_history");
            assertThat(tables(portal.dataSource(), "public")).isEmpty();
            assertThat(query(portal.dataSource(), "SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                    + " WHERE n.nspname = 'public'")).containsExactly("0");
        }
    }

    @Test
    void theHostsOwnTablesAndFlywayHistoryAreNeverTouched() throws SQLException {
        DataSource ds = db.directDataSource(); // the host's migration role: the owner when roles are split
        exec(ds, "CREATE TABLE public.users (id int PRIMARY KEY, email text)",
                "INSERT INTO public.users VALUES (1, 'host@example.com')",
                "CREATE TABLE public.flyway_schema_history (installed_rank int PRIMARY KEY, version text, description text)",
                "INSERT INTO public.flyway_schema_history VALUES (1, '1', 'host schema')");
        try (Portal portal = builder().build()) {
            assertThat(query(ds, "SELECT id || ':' || email FROM public.users")).containsExactly("1:host@example.com");
            assertThat(query(ds, "SELECT version || ':' || description FROM public.flyway_schema_history"))
                    .containsExactly("1:host schema");
            assertThat(tables(ds, "public")).containsExactlyInAnyOrder("users", "flyway_schema_history");
        }
    }

    @Test
    void validateFailsReadablyWhenTheDatabaseIsBehind() {
        assertThatThrownBy(() -> builder().migration(MigrationMode.VALIDATE).build())
                .isInstanceOf(PortalException.class)
                .satisfies(e -> assertThat(((PortalException) e).code()).isEqualTo(CoreError.MIGRATION_VALIDATION_FAILED))
                .hasMessageContaining("module core (portalkit-core), history table portal.portalkit_core_history")
                .hasMessageContaining("MigrationMode.APPLY");
    }

    @Test
    void validateFailsReadablyWhenAHistoryRowWasEditedByHand() throws SQLException {
        builder().build().close();
        // By the owner: the runtime role of PORTALKIT_TEST_ROLES=split may not write the history.
        exec(db.directDataSource(), "UPDATE portal.portalkit_core_history SET checksum = checksum + 1 WHERE version = '1'");
        assertThatThrownBy(() -> builder().migration(MigrationMode.VALIDATE).build())
                .isInstanceOf(PortalException.class)
                .hasMessageContaining("module core")
                .hasMessageContaining("checksum mismatch");
    }

    @Test
    void validatePassesOnAnUpToDateDatabase() {
        builder().build().close();
        try (Portal portal = builder().migration(MigrationMode.VALIDATE).build()) {
            assertThat(portal.service(SettingsService.class).all()).isEmpty();
        }
    }

    @Test
    void fourPortalsMigratingOneEmptyDatabaseAtOnceApplyEachMigrationOnce() throws Exception {
        int n = 4;
        CyclicBarrier start = new CyclicBarrier(n);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Portal>> portals = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                portals.add(pool.submit(() -> {
                    start.await();
                    return builder().build();
                }));
            }
            for (Future<Portal> f : portals) {
                f.get().close();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(query(db.dataSource(), "SELECT version || ':' || success FROM portal.portalkit_core_history"
                + " WHERE version IS NOT NULL AND version <> '0' ORDER BY installed_rank"))
                .containsExactly("1:true", "2:true", "3:true", "4:true", "5:true", "6:true", "7:true", "8:true", "9:true", "10:true",
                        "11:true", "12:true");
        assertThat(query(db.dataSource(), "SELECT count(*) FROM portal.activity_log_head")).containsExactly("1");
    }

    @Test
    void migrationNoneTouchesNothing() throws SQLException {
        try (Portal portal = builder().migration(MigrationMode.NONE).build()) {
            assertThat(query(db.dataSource(), "SELECT count(*) FROM pg_namespace WHERE nspname = 'portal'")).containsExactly("0");
        }
    }

    @Test
    void anotherSchemaNameKeepsTwoPortalsApart() throws SQLException {
        try (Portal a = builder().build(); Portal b = builder().schema("portal_b").build()) {
            a.service(SettingsService.class);
            assertThat(tables(db.dataSource(), "portal_b")).contains("nav_items", "portalkit_core_history");
        }
    }

    static List<String> tables(DataSource ds, String schema) throws SQLException {
        // Partitions (activity_logs' months, core V11) are the parent's storage, not tables of their own.
        return query(ds, "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = '" + schema + "' AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition");
    }

    static List<String> query(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    static void exec(DataSource ds, String... sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }
}
