package dev.portalkit.testing.internal;

import dev.portalkit.testing.PostgresServer;
import dev.portalkit.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
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
    private volatile Roles roles;

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
        admin(create.formatted(r.owner(), r.ownerPassword()), create.formatted(r.runtime(), r.runtimePassword()));
        admin("COMMENT ON ROLE " + r.owner() + " IS '" + Leftovers.mark() + "'",
                "COMMENT ON ROLE " + r.runtime() + " IS '" + Leftovers.mark() + "'");
        roles = r;
    }

    /** Drops the two roles, once every database they have rights in is gone. */
    synchronized void dropRoles() {
        if (roles != null) {
            admin("DROP ROLE IF EXISTS " + roles.runtime() + ", " + roles.owner());
            roles = null;
        }
    }

    Roles roles() {
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
        admin("CREATE DATABASE " + name, markDatabase(name));
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
        // What PostgreSQL requires of CREATE DATABASE ... TEMPLATE is that no other session is
        // connected to the template (it takes only a share lock on it, so clones of one template run
        // side by side). Nothing of ours connects to a template once it is migrated, so no lock here;
        // but a pooler in front may still hold server connections to it: end them (the template is ours).
        // FILE_COPY (PostgreSQL 15+) copies a small template's files at once instead of WAL-logging
        // every block: several times faster for the few-megabyte databases tests use.
        admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + checked(template)
                        + "' AND pid <> pg_backend_pid()",
                "CREATE DATABASE " + name + " TEMPLATE " + checked(template) + (fileCopy() ? " STRATEGY FILE_COPY" : ""),
                markDatabase(name));
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

    /** A comment naming this JVM (see {@link Leftovers}): a later run drops the database if the JVM died. */
    private static String markDatabase(String name) {
        return "COMMENT ON DATABASE " + name + " IS '" + Leftovers.mark() + "'";
    }

    /**
     * Drops the databases and roles a test JVM that is gone left behind (see {@link Leftovers}): only
     * those named and marked the way the kit names and marks what it creates. Returns their names;
     * what cannot be dropped (another user's, still in use) is skipped.
     */
    List<String> dropStale() {
        Instant now = Instant.now();
        List<String> databases = marked("SELECT db.datname, d.description FROM pg_database db JOIN pg_shdescription d"
                + " ON d.objoid = db.oid AND d.classoid = 'pg_database'::regclass WHERE db.datname ~ '^pk_[0-9a-f]{16}$'", now);
        List<String> roles = marked("SELECT r.rolname, d.description FROM pg_roles r JOIN pg_shdescription d"
                + " ON d.objoid = r.oid AND d.classoid = 'pg_authid'::regclass WHERE r.rolname ~ '^pk_(owner|app)_[0-9a-f]{10}$'", now);
        List<String> dropped = new ArrayList<>();
        for (String db : databases) {
            dropIfAllowed("DROP DATABASE IF EXISTS " + checked(db) + " WITH (FORCE)", db, dropped);
        }
        for (String role : roles) {
            dropIfAllowed("DROP ROLE IF EXISTS " + checked(role), role, dropped);
        }
        return dropped;
    }

    private List<String> marked(String sql, Instant now) {
        List<String> stale = new ArrayList<>();
        try (Connection c = connect(maintenanceDatabase()); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                if (Leftovers.parse(rs.getString(2)).filter(m -> Leftovers.stale(m, now)).isPresent()) {
                    stale.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            // Cleaning up is a courtesy: a server that will not list is no reason to fail the tests.
        }
        return stale;
    }

    private void dropIfAllowed(String sql, String name, List<String> dropped) {
        try {
            admin(sql);
            dropped.add(name);
        } catch (IllegalStateException e) {
            // Not ours to drop after all (another user's), or still in use: leave it.
        }
    }

    /** Runs {@code statements} in order on one maintenance connection (each in auto-commit). */
    private void admin(String... statements) {
        String current = String.join("; ", statements);
        try (Connection c = connect(maintenanceDatabase()); Statement s = c.createStatement()) {
            for (String sql : statements) {
                current = sql;
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw refused(current.replaceAll("PASSWORD '[^']*'", "PASSWORD '***'"), e);
        }
    }

    /** The error for a refused statement; a missing CREATEDB says which role needs it and where it is set. */
    private RuntimeException refused(String shown, SQLException e) {
        if ("42501".equals(e.getSQLState()) && shown.startsWith("CREATE DATABASE")) {
            return new IllegalStateException("The test user " + username() + " may not create databases on " + describe()
                    + ", and the test kit creates one per test class and per template. Give that role the CREATEDB"
                    + " privilege (as a superuser: ALTER ROLE " + username() + " CREATEDB), or set PORTALKIT_TEST_USERNAME"
                    + " to a role that has it. (" + e.getMessage() + ")", e);
        }
        return new IllegalStateException("Test server " + describe() + " refused: " + shown + " (" + e.getMessage() + ")", e);
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
