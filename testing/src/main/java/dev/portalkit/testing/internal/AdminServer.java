package dev.portalkit.testing.internal;

import dev.portalkit.testing.PostgresServer;
import dev.portalkit.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.security.SecureRandom;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Creates, clones and drops databases through a maintenance connection. With split roles
 * ({@code PORTALKIT_TEST_ROLES=split}) it also creates, once, an owner role and a runtime role, and
 * prepares every database the way the README's "Least privilege: two roles" does: the owner may
 * create (schemas, the btree_gist extension) and the runtime role gets DML on whatever the owner
 * creates, through default privileges. Not API.
 */
abstract class AdminServer implements PostgresServer {

    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /** The two roles of split mode, or null. Cluster-wide, so named uniquely per JVM. */
    private Roles roles;

    /** An owner that migrates and a runtime role with DML only; passwords random per JVM. */
    record Roles(String owner, String ownerPassword, String runtime, String runtimePassword) {
    }

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

    /**
     * Splits roles from now on: creates the owner and the runtime role. The server's own user must
     * be allowed to CREATE ROLE (a superuser, or a CREATEROLE user on PostgreSQL 16 and later).
     */
    synchronized void splitRoles() {
        if (roles != null) {
            return;
        }
        String suffix = HexFormat.of().formatHex(random(5));
        Roles r = new Roles("pk_owner_" + suffix, HexFormat.of().formatHex(random(16)),
                "pk_app_" + suffix, HexFormat.of().formatHex(random(16)));
        // No membership either way: the runtime role must not reach the owner's rights.
        String create = "CREATE ROLE %s LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD '%s'";
        admin(create.formatted(r.owner(), r.ownerPassword()), create.formatted(r.owner(), "***"));
        admin(create.formatted(r.runtime(), r.runtimePassword()), create.formatted(r.runtime(), "***"));
        roles = r;
    }

    /** Drops the two roles, once every database they have rights in is gone. */
    synchronized void dropRoles() {
        if (roles != null) {
            admin("DROP ROLE IF EXISTS " + roles.runtime() + ", " + roles.owner());
            roles = null;
        }
    }

    synchronized Roles roles() {
        return roles;
    }

    private static byte[] random(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return b;
    }

    @Override
    public TestDatabase createDatabase() {
        String name = newName();
        admin("CREATE DATABASE " + name);
        Roles r = roles();
        if (r != null) {
            allowOwner(name, r);
            // As the owner itself: ALTER DEFAULT PRIVILEGES FOR ROLE would need membership in it.
            // Database-wide (no IN SCHEMA), so whatever schema a test migrates into is covered; a clone
            // inherits these from its template.
            try (Connection c = connect(name, r.owner(), r.ownerPassword()); Statement s = c.createStatement()) {
                s.execute("ALTER DEFAULT PRIVILEGES GRANT USAGE ON SCHEMAS TO " + r.runtime());
                s.execute("ALTER DEFAULT PRIVILEGES GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO " + r.runtime());
                s.execute("ALTER DEFAULT PRIVILEGES GRANT USAGE, SELECT ON SEQUENCES TO " + r.runtime());
                s.execute("ALTER DEFAULT PRIVILEGES GRANT EXECUTE ON FUNCTIONS TO " + r.runtime());
            } catch (SQLException e) {
                throw new IllegalStateException("Test server " + describe() + " refused the owner's default privileges in "
                        + name + " (" + e.getMessage() + ")", e);
            }
            // The owner also plays the host's own migrations, whose tables live in public (PostgreSQL 15
            // lets only the database owner create there). Copied into clones with the schema.
            try (Connection c = connect(name); Statement s = c.createStatement()) {
                s.execute("GRANT CREATE ON SCHEMA public TO " + r.owner());
            } catch (SQLException e) {
                throw new IllegalStateException("Test server " + describe() + " refused to let " + r.owner() + " create in "
                        + name + ".public (" + e.getMessage() + ")", e);
            }
        }
        return database(name);
    }

    /** Database rights are not copied from a template: the owner may create schemas and extensions here. */
    private void allowOwner(String database, Roles r) {
        admin("GRANT CREATE ON DATABASE " + checked(database) + " TO " + r.owner());
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
        Roles r = roles();
        if (r != null) {
            allowOwner(name, r);
        }
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
        Roles r = roles();
        if (r == null) {
            return new TestDatabase(name, urlFor(name), username(), password(), directUrlFor(name));
        }
        return new TestDatabase(name, urlFor(name), r.runtime(), r.runtimePassword(), directUrlFor(name), r.owner(),
                r.ownerPassword());
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
        admin(sql, sql);
    }

    /** {@code shown} is the statement as an error may print it (without a password). */
    private void admin(String sql, String shown) {
        try (Connection c = connect(maintenanceDatabase()); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Test server " + describe() + " refused: " + shown + " (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public DataSource adminDataSource(String database) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(directUrlFor(checked(database)));
        if (username() != null) {
            ds.setUser(username());
        }
        if (password() != null) {
            ds.setPassword(password());
        }
        return ds;
    }

    Connection connect(String database) throws SQLException {
        return connect(database, username(), password());
    }

    private Connection connect(String database, String user, String password) throws SQLException {
        Properties p = new Properties();
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        return DriverManager.getConnection(directUrlFor(database), p);
    }
}
