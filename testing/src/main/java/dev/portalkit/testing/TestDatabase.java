package dev.portalkit.testing;

import java.util.Objects;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One database on the test server, created for a test and dropped after it.
 *
 * @param name          the database name
 * @param jdbcUrl       a URL for it, without credentials (through the pooler, when one is configured)
 * @param directJdbcUrl a URL that reaches PostgreSQL directly, for migrations; the same as
 *                      {@code jdbcUrl} unless {@code PORTALKIT_TEST_DIRECT_JDBC_URL} is set
 */
public record TestDatabase(String name, String jdbcUrl, String username, String password, String directJdbcUrl) {

    public TestDatabase {
        Objects.requireNonNull(name, "null name");
        Objects.requireNonNull(jdbcUrl, "null jdbcUrl");
        directJdbcUrl = directJdbcUrl == null ? jdbcUrl : directJdbcUrl;
    }

    /** A non-pooled DataSource: every getConnection() opens a new connection. Fine for tests. */
    public DataSource dataSource() {
        return simple(jdbcUrl);
    }

    /** Like {@link #dataSource()}, straight to PostgreSQL: give it to {@code Portal.Builder.migrationDataSource}. */
    public DataSource directDataSource() {
        return simple(directJdbcUrl);
    }

    private DataSource simple(String url) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url);
        if (username != null) {
            ds.setUser(username);
        }
        if (password != null) {
            ds.setPassword(password);
        }
        return ds;
    }

    @Override
    public String toString() {
        return "TestDatabase[" + name + " at " + jdbcUrl + "]";
    }
}
