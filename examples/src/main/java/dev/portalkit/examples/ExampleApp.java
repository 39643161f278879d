package dev.portalkit.examples;

import dev.portalkit.auth.AuthModule;
import dev.portalkit.billing.BillingModule;
import dev.portalkit.billing.BillingOptions;
import dev.portalkit.billing.InMemoryPaymentGateway;
import dev.portalkit.content.ContentModule;
import dev.portalkit.core.Portal;
import dev.portalkit.messaging.LoggingEmailSender;
import dev.portalkit.messaging.MessagingModule;
import dev.portalkit.messaging.MessagingOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.PreparedStatement;

/**
 * A host application embedding every PortalKit module. For now it builds a Portal, lets it migrate
 * and prints what PortalKit created; the HTTP portal arrives with the examples issue.
 *
 * <p>Database: {@code PORTALKIT_JDBC_URL} (with {@code PORTALKIT_USERNAME} and
 * {@code PORTALKIT_PASSWORD}) when set; otherwise an embedded PostgreSQL whose data directory is
 * {@code ~/.portalkit/example-db}, so what the example stores survives restarts.
 */
public final class ExampleApp {

    private ExampleApp() {
    }

    public static void main(String[] args) throws Exception {
        String url = System.getenv("PORTALKIT_JDBC_URL");
        if (url != null && !url.isBlank()) {
            try (Portal portal = withModules(Portal.builder().jdbcUrl(url)
                    .username(System.getenv("PORTALKIT_USERNAME")).password(System.getenv("PORTALKIT_PASSWORD")))
                    .build()) {
                report(portal);
            }
            return;
        }
        try (EmbeddedPostgres pg = startEmbedded()) {
            try (Portal portal = withModules(Portal.builder()
                    .jdbcUrl("jdbc:postgresql://localhost:" + pg.getPort() + "/postgres").username("postgres"))
                    .build()) {
                report(portal);
            }
        }
    }

    /** Every module, with the in-memory payment gateway and an e-mail sender that only logs. */
    static Portal.Builder withModules(Portal.Builder builder) {
        return builder.install(
                new AuthModule(),
                new BillingModule(BillingOptions.builder().gateway(new InMemoryPaymentGateway()).build()),
                new ContentModule(),
                new MessagingModule(MessagingOptions.builder()
                        .from("PortalKit example <no-reply@example.com>").sender(new LoggingEmailSender()).build()));
    }

    static EmbeddedPostgres startEmbedded() throws IOException {
        if ("root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("PostgreSQL refuses to run as root: run the example as an unprivileged"
                    + " user, or set PORTALKIT_JDBC_URL (and PORTALKIT_USERNAME, PORTALKIT_PASSWORD) to use a server.");
        }
        Path data = Path.of(System.getProperty("user.home"), ".portalkit", "example-db");
        Files.createDirectories(data.getParent());
        System.out.println("Embedded PostgreSQL, data in " + data);
        // Durable settings: this data directory is meant to be kept, unlike the test kit's.
        return EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .start();
    }

    static void report(Portal portal) throws SQLException {
        System.out.println("PortalKit is ready in schema '" + portal.schema() + "'. Tables it created:");
        try (Connection c = portal.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT t.table_name,
                            (SELECT count(*) FROM information_schema.columns col
                              WHERE col.table_schema = t.table_schema AND col.table_name = t.table_name) AS columns
                       FROM information_schema.tables t
                      WHERE t.table_schema = ? AND t.table_type = 'BASE TABLE'
                      ORDER BY t.table_name""")) {
            ps.setString(1, portal.schema());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    System.out.printf("  %s.%-32s %2d columns%n", portal.schema(), rs.getString(1), rs.getInt(2));
                }
            }
        }
    }
}
