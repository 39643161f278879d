package dev.portalkit.spring;

import dev.portalkit.testing.TestDatabase;
import dev.portalkit.testing.TestDatabases;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One empty database of the test kit's server (embedded, or PORTALKIT_TEST_JDBC_URL's) for this JVM;
 * every test class keeps PortalKit in a schema of its own ({@code portalkit.schema}) and its host tables
 * under names of its own. Spring keeps contexts for the whole run, so the database is left to the kit's
 * clean-up of the next run rather than dropped under a live context.
 */
final class SpringTestDatabase {

    static final TestDatabase DB = TestDatabases.empty();

    private SpringTestDatabase() {
    }

    /** spring.datasource.* for the application's pool, and the owner for migrations under split roles. */
    static void register(DynamicPropertyRegistry registry) {
        register(registry, DB);
    }

    static void register(DynamicPropertyRegistry registry, TestDatabase db) {
        registry.add("spring.datasource.url", db::jdbcUrl);
        registry.add("spring.datasource.username", db::username);
        registry.add("spring.datasource.password", () -> db.password() == null ? "" : db.password());
        // The owner, for the host's DDL (HostOrders) and the host's Flyway.
        registry.add("test.owner.url", db::directJdbcUrl);
        registry.add("test.owner.username", db::ownerUsername);
        registry.add("test.owner.password", () -> db.ownerPassword() == null ? "" : db.ownerPassword());
        registry.add("test.runtime-role", db::username);
        if (migratesElsewhere(db)) {
            registry.add("spring.flyway.url", db::directJdbcUrl);
            registry.add("spring.flyway.user", db::ownerUsername);
            registry.add("spring.flyway.password", () -> db.ownerPassword() == null ? "" : db.ownerPassword());
            registry.add("portalkit.migration-datasource.url", db::directJdbcUrl);
            registry.add("portalkit.migration-datasource.username", db::ownerUsername);
            registry.add("portalkit.migration-datasource.password", db::ownerPassword);
        }
    }

    /**
     * Whether migrations need a connection of their own: the owner under split roles, or straight to
     * PostgreSQL when the pool goes through a transaction pooler (Flyway's session settings and lock).
     */
    static boolean migratesElsewhere(TestDatabase db) {
        return db.splitRoles() || !db.directJdbcUrl().equals(db.jdbcUrl());
    }

    /** The owner's connection (DDL for host tables, test set-up). */
    static DataSource owner() {
        return DB.directDataSource();
    }

    /**
     * The host's DDL, run as the owner (under PORTALKIT_TEST_ROLES=split the runtime role may not create
     * in public), then DML on every table and sequence of public granted to the runtime role.
     */
    static void hostDdl(DataSource owner, String runtimeRole, String... statements) {
        JdbcTemplate jdbc = new JdbcTemplate(owner);
        for (String statement : statements) {
            jdbc.execute(statement);
        }
        jdbc.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO \"" + runtimeRole + "\"");
        jdbc.execute("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO \"" + runtimeRole + "\"");
    }

    static void hostDdl(String... statements) {
        hostDdl(owner(), DB.username(), statements);
    }
}
