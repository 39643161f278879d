package dev.portalkit.testing;

import javax.sql.DataSource;

/**
 * A PostgreSQL server that hands out databases for tests: the embedded one, an existing server
 * named by {@code PORTALKIT_TEST_JDBC_URL}, or a Testcontainers container.
 */
public interface PostgresServer {

    /** What kind of server this is and its version, e.g. {@code embedded PostgreSQL 17.7}. */
    String describe();

    /** A new empty database. */
    TestDatabase createDatabase();

    /** A new database copied from {@code template} (which must have no open connections). */
    TestDatabase cloneDatabase(String template);

    /** Drops the database, closing whatever connections are still open to it. */
    void dropDatabase(String name);

    /**
     * The server's own test user on {@code database}, straight to PostgreSQL: for tests that create
     * roles or change what only an administrator may (a superuser on the embedded server). Neither the
     * owner nor the runtime role of {@code PORTALKIT_TEST_ROLES=split}.
     */
    default DataSource adminDataSource(String database) {
        throw new UnsupportedOperationException(describe() + " gives no administrator connection");
    }
}
