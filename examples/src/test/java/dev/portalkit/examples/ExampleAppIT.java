package dev.portalkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalkit.core.Portal;
import dev.portalkit.testing.TestDatabase;
import dev.portalkit.testing.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
}
