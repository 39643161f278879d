package dev.portalkit.testing.internal;

import dev.portalkit.testing.PostgresServer;
import dev.portalkit.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Pattern;

/** Creates, clones and drops databases through a maintenance connection. Not API. */
abstract class AdminServer implements PostgresServer {

    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /** A JDBC URL for {@code database} on this server, without credentials. */
    abstract String urlFor(String database);

    /** A URL that reaches PostgreSQL itself (not a pooler in front of it); admin work and migrations use it. */
    String directUrlFor(String database) {
        return urlFor(database);
    }

    /** The database to connect to for CREATE/DROP DATABASE. */
    abstract String maintenanceDatabase();

    abstract String username();

    abstract String password();

    @Override
    public TestDatabase createDatabase() {
        String name = newName();
        admin("CREATE DATABASE " + name);
        return database(name);
    }

    @Override
    public TestDatabase cloneDatabase(String template) {
        String name = newName();
        // A pooler in front may still hold server connections to the template, and CREATE
        // DATABASE ... TEMPLATE refuses while any is open: end them (the template is ours).
        admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + checked(template)
                + "' AND pid <> pg_backend_pid()");
        // FILE_COPY (PostgreSQL 15+) copies a small template's files at once instead of WAL-logging
        // every block: several times faster for the few-megabyte databases tests use.
        admin("CREATE DATABASE " + name + " TEMPLATE " + checked(template) + (fileCopy() ? " STRATEGY FILE_COPY" : ""));
        return database(name);
    }

    @Override
    public void dropDatabase(String name) {
        admin("DROP DATABASE IF EXISTS " + checked(name) + " WITH (FORCE)");
    }

    private Boolean fileCopy;

    private synchronized boolean fileCopy() {
        if (fileCopy == null) {
            try (Connection c = connect(maintenanceDatabase())) {
                fileCopy = c.getMetaData().getDatabaseMajorVersion() >= 15;
            } catch (SQLException e) {
                fileCopy = false;
            }
        }
        return fileCopy;
    }

    TestDatabase database(String name) {
        return new TestDatabase(name, urlFor(name), username(), password(), directUrlFor(name));
    }

    String serverVersion() {
        try (Connection c = connect(maintenanceDatabase())) {
            return c.getMetaData().getDatabaseProductVersion();
        } catch (SQLException e) {
            return "unknown version";
        }
    }

    private static String newName() {
        return "pk_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    /** Database names cannot be bound as parameters; they are ours, generated and checked. */
    private static String checked(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a test database name: " + name);
        }
        return name;
    }

    private void admin(String sql) {
        try (Connection c = connect(maintenanceDatabase()); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Test server " + describe() + " refused: " + sql + " (" + e.getMessage() + ")", e);
        }
    }

    Connection connect(String database) throws SQLException {
        Properties p = new Properties();
        if (username() != null) {
            p.setProperty("user", username());
        }
        if (password() != null) {
            p.setProperty("password", password());
        }
        return DriverManager.getConnection(directUrlFor(database), p);
    }
}
