package dev.portalkit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.core.Portal;
import dev.portalkit.core.PortalException;
import dev.portalkit.testing.TestDatabase;
import dev.portalkit.testing.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExampleAppIT {

    @Test
    void everyModuleMigratesIntoOneDatabaseAndTheReportListsTheirTables() throws Exception {
        TestDatabase db = TestDatabases.empty();
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Portal portal = ExampleApp.withModules(Portal.builder().jdbcUrl(db.jdbcUrl()).username(db.username())
                .password(db.password()).migrationDataSource(db.directDataSource())).build()) {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            ExampleApp.report(portal);
        } finally {
            System.setOut(original);
            TestDatabases.server().dropDatabase(db.name());
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(
                "portal.users", "portal.auth_sessions", "portal.password_reset_tokens", "portal.user_settings",
                "portal.app_settings", "portal.nav_items", "portal.activity_logs",
                "portal.payments", "portal.pricing_tiers", "portal.user_subscriptions", "portal.bookings",
                "portal.resource_cards", "portal.resource_steps", "portal.timeline_items", "portal.form_submissions",
                "portal.email_templates", "portal.email_logs", "portal.email_messages",
                "portal.portalkit_messaging_history");
    }

    /**
     * PORTALKIT_MIGRATION_JDBC_URL routes migrations to their own connection: with a pool that may
     * only read, the example still migrates (and without the setting, it cannot). CI's PgBouncer pass
     * needs this: Flyway's session lock does not survive a transaction pooler.
     */
    @Test
    void migrationsGoToTheMigrationConnectionWhenOneIsSet() throws Exception {
        TestDatabase db = TestDatabases.empty();
        try {
            String readOnly = db.directJdbcUrl() + (db.directJdbcUrl().contains("?") ? "&" : "?")
                    + "options=-c%20default_transaction_read_only%3Don";
            Map<String, String> env = new HashMap<>(Map.of("PORTALKIT_JDBC_URL", readOnly,
                    "PORTALKIT_USERNAME", db.username(), "PORTALKIT_ADMIN_PASSWORD", "not used here"));
            if (db.password() != null) {
                env.put("PORTALKIT_PASSWORD", db.password());
            }
            assertThatThrownBy(() -> ExampleApp.portal(ExampleApp.Settings.from(new String[0], env)).close())
                    .isInstanceOf(PortalException.class).hasMessageContaining("PK-1002");

            env.put("PORTALKIT_MIGRATION_JDBC_URL", db.directJdbcUrl());
            env.put("PORTALKIT_MIGRATION_USERNAME", db.ownerUsername());
            if (db.ownerPassword() != null) {
                env.put("PORTALKIT_MIGRATION_PASSWORD", db.ownerPassword());
            }
            ExampleApp.Settings settings = ExampleApp.Settings.from(new String[0], env);
            assertThat(settings.migrations().toString()).doesNotContain("PASSWORD").contains(db.directJdbcUrl());
            if (db.ownerPassword() != null) {
                assertThat(settings.migrations().toString()).doesNotContain(db.ownerPassword());
            }
            try (Portal portal = ExampleApp.portal(settings)) {
                assertThat(portal.health().databaseReachable()).isTrue();
            }
        } finally {
            TestDatabases.server().dropDatabase(db.name());
        }
    }
}
