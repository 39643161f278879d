package dev.portalkit.testing;

import java.util.Objects;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One database on the test server, created for a test and dropped after it.
 *
 * @param name     the database name
 * @param jdbcUrl  a URL for it, without credentials
 */
public record TestDatabase(String name, String jdbcUrl, String username, String password) {

    public TestDatabase {
        Objects.requireNonNull(name, "null name");
        Objects.requireNonNull(jdbcUrl, "null jdbcUrl");
    }

    /** A non-pooled DataSource: every getConnection() opens a new connection. Fine for tests. */
    public DataSource dataSource() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(jdbcUrl);
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
