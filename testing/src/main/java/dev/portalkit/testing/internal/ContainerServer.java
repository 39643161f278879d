package dev.portalkit.testing.internal;

import org.testcontainers.containers.PostgreSQLContainer;

/**
 * A PostgreSQL container, for hosts with Docker. Loaded only when asked for, so the optional
 * Testcontainers dependency is needed only then.
 */
final class ContainerServer extends AdminServer {

    private final PostgreSQLContainer<?> container;
    private final String version;

    @SuppressWarnings("resource") // stopped by Testcontainers' reaper when the JVM exits
    ContainerServer(String image) {
        this.container = new PostgreSQLContainer<>(image);
        container.start();
        this.version = serverVersion();
    }

    @Override
    String urlFor(String database) {
        return "jdbc:postgresql://" + container.getHost() + ":" + container.getMappedPort(5432) + "/" + database;
    }

    @Override
    String maintenanceDatabase() {
        return container.getDatabaseName();
    }

    @Override
    String username() {
        return container.getUsername();
    }

    @Override
    String password() {
        return container.getPassword();
    }

    @Override
    public String describe() {
        return "PostgreSQL " + version + " in a Testcontainers container";
    }
}
