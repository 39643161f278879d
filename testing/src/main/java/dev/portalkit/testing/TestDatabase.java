package dev.portalkit.testing;

import java.util.Objects;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One database on the test server, created for a test and dropped after it.
 *
 * <p>With {@code PORTALKIT_TEST_ROLES=split} (see {@link TestDatabases}) two roles reach it: the
 * runtime role ({@code username}), which a Portal's pool uses and which has DML rights only, and
 * the owner ({@code ownerUsername}), which migrates and owns PortalKit's schema. Otherwise both are
 * the server's test user.
 *
 * @param name          the database name
 * @param jdbcUrl       a URL for it, without credentials (through the pooler, when one is configured)
 * @param username      the role for a Portal's pool (the runtime role when roles are split)
 * @param directJdbcUrl a URL that reaches PostgreSQL directly, for migrations; the same as
 *                      {@code jdbcUrl} unless {@code PORTALKIT_TEST_DIRECT_JDBC_URL} is set
 * @param ownerUsername the role that migrates and owns PortalKit's schema ({@code username} unless
 *                      roles are split)
 */
public record TestDatabase(String name, String jdbcUrl, String username, String password, String directJdbcUrl,
                           String ownerUsername, String ownerPassword) {

    public TestDatabase {
        Objects.requireNonNull(name, "null name");
        Objects.requireNonNull(jdbcUrl, "null jdbcUrl");
        directJdbcUrl = directJdbcUrl == null ? jdbcUrl : directJdbcUrl;
    }

    /** One role for everything: the owner is {@code username}. */
    public TestDatabase(String name, String jdbcUrl, String username, String password, String directJdbcUrl) {
        this(name, jdbcUrl, username, password, directJdbcUrl, username, password);
    }

    /** Whether a runtime role and an owner role reach this database ({@code PORTALKIT_TEST_ROLES=split}). */
    public boolean splitRoles() {
        return !Objects.equals(username, ownerUsername);
    }

    /**
     * A non-pooled DataSource as {@code username} (the runtime role when roles are split): every
     * getConnection() opens a new connection. Fine for tests.
     */
    public DataSource dataSource() {
        return simple(jdbcUrl, username, password);
    }

    /**
     * Straight to PostgreSQL as the owner: give it to {@code Portal.Builder.migrationDataSource}, or
     * use it for what only the owner may do (DDL, switching triggers off).
     */
    public DataSource directDataSource() {
        return simple(directJdbcUrl, ownerUsername, ownerPassword);
    }

    private static DataSource simple(String url, String user, String password) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url);
        if (user != null) {
            ds.setUser(user);
        }
        if (password != null) {
            ds.setPassword(password);
        }
        return ds;
    }

    @Override
    public String toString() {
        return "TestDatabase[" + name + " at " + jdbcUrl + (splitRoles() ? " as " + username + ", owner " + ownerUsername : "")
                + "]";
    }
}
