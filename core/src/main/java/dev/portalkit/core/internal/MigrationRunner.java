package dev.portalkit.core.internal;

import dev.portalkit.core.CoreError;
import dev.portalkit.core.MigrationMode;
import dev.portalkit.core.PortalException;
import dev.portalkit.core.PortalModule;
import dev.portalkit.core.TransientException;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.ValidateOutput;
import org.flywaydb.core.api.output.ValidateResult;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;
import org.slf4j.LoggerFactory;

/**
 * Start-up work on the database, all on one connection: refuse a server older than
 * {@link #MINIMUM_SERVER_VERSION}, then (APPLY) migrate or (VALIDATE) validate, and check that the
 * objects the installed modules' migrations create are all there ({@link SchemaManifest}).
 *
 * <p>One Flyway per module, each with its own history table ({@code portalkit_<module>_history})
 * in the PortalKit schema and its own location, run in dependency order. The whole run holds a
 * session-level advisory lock on that one connection and Flyway runs on the very same connection,
 * so Portals starting together migrate one after the other, each migration is applied once, and
 * a pool of one connection is enough (a lock held on one pooled connection while Flyway waited for
 * another deadlocked such a pool). The host's own Flyway ({@code flyway_schema_history},
 * {@code db/migration}) is never read or touched.
 */
public final class MigrationRunner {

    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(MigrationRunner.class);

    /** PostgreSQL 15: UNIQUE NULLS NOT DISTINCT (nav_items and others). */
    public static final int MINIMUM_SERVER_VERSION = 15;

    private final DataSource dataSource;
    private final String schema;

    public MigrationRunner(DataSource dataSource, String schema) {
        this.dataSource = dataSource;
        this.schema = schema;
    }

    public static String historyTable(PortalModule module) {
        return "portalkit_" + module.name() + "_history";
    }

    /**
     * Checks the server, then migrates or validates as {@code mode} says and checks the schema's
     * objects; {@code NONE} only checks the server (the host migrates, so the schema is its business).
     */
    public void run(MigrationMode mode, List<PortalModule> modules) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(true);
            requireSupportedServer(c);
            switch (mode) {
                case NONE -> LOG.info("PortalKit migrations and the schema check are off (MigrationMode.NONE); the host applies them");
                case VALIDATE -> {
                    validate(c, modules);
                    SchemaManifest.requireComplete(c, schema, modules, mode);
                    AuditOrder.require(c, schema);
                }
                case APPLY -> {
                    lock(c);
                    try {
                        migrate(c, modules);
                        keepHistoryToTheOwner(c);
                        SchemaManifest.requireComplete(c, schema, modules, mode);
                        AuditOrder.rebase(c, schema);
                    } finally {
                        unlock(c);
                    }
                }
            }
            // A host's pool gets its connection back as it lent it.
            c.setAutoCommit(autoCommit);
        } catch (SQLException e) {
            throw new TransientException(CoreError.DATABASE_UNAVAILABLE, e,
                    "cannot check or migrate the schema (SQLState " + e.getSQLState() + "): " + e.getMessage());
        }
    }

    /** Applies the modules' migrations under the lock, without the start-up checks (manifest generation). */
    void migrate(List<PortalModule> modules) {
        try (Connection c = dataSource.getConnection()) {
            lock(c);
            try {
                migrate(c, modules);
            } finally {
                unlock(c);
            }
        } catch (SQLException e) {
            throw new TransientException(CoreError.DATABASE_UNAVAILABLE, e, "cannot migrate: " + e.getMessage());
        }
    }

    /** Refuses a server older than {@link #MINIMUM_SERVER_VERSION}, before any migration touches it. */
    static void requireSupportedServer(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT current_setting('server_version_num')::int, current_setting('server_version')");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            int number = rs.getInt(1);
            if (number / 10000 < MINIMUM_SERVER_VERSION) {
                // server_version may carry a distribution suffix ("14.22 (Debian 14.22-1)"): its first word is the version.
                String version = rs.getString(2).strip().split("\\s+")[0];
                throw new PortalException(CoreError.UNSUPPORTED_SERVER, version, number, MINIMUM_SERVER_VERSION,
                        MINIMUM_SERVER_VERSION);
            }
        }
    }

    private void lock(Connection c) throws SQLException {
        // Session-level: Flyway commits and switches auto-commit on this connection, which would end
        // a transaction-level lock. Released below, or by the session ending if the connection dies.
        // Polled, not waited for inside one statement: a session blocked in pg_advisory_lock keeps
        // a snapshot open, and CREATE INDEX CONCURRENTLY (core's V5) in the session holding the lock
        // waits for every older snapshot: the two would deadlock and PostgreSQL would abort one.
        c.setAutoCommit(true);
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(hashtextextended(?, 0))")) {
            ps.setString(1, lockKey());
            for (int attempt = 0; ; attempt++) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        return;
                    }
                }
                try {
                    Thread.sleep(Math.min(200, 10L + 10L * attempt));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("interrupted while waiting for the PortalKit migration lock", "57014", e);
                }
            }
        }
    }

    private void unlock(Connection c) {
        try {
            if (!c.getAutoCommit()) {
                c.rollback();
                c.setAutoCommit(true);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(hashtextextended(?, 0))")) {
                ps.setString(1, lockKey());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && !rs.getBoolean(1)) {
                        // Only a pooler that moved the session between statements gets here: migrations
                        // need a direct connection (Portal.Builder.migrationDataSource).
                        LOG.error("The PortalKit migration lock was not held by this session at the end: is the migration"
                                + " connection going through a transaction-mode pooler? Give migrations a direct connection"
                                + " with Portal.builder().migrationDataSource(...)");
                    }
                }
            }
        } catch (SQLException e) {
            // The connection is broken: its session, and the lock with it, is gone.
            LOG.warn("Releasing the PortalKit migration lock failed (SQLState {}); the session ending releases it",
                    e.getSQLState());
        }
    }

    /**
     * Takes back INSERT, UPDATE, DELETE and TRUNCATE on PortalKit's history tables in the schema (of
     * every module, installed in this Portal or not) from every role but their owner. The default privileges that give a runtime role DML on every table the owner
     * creates cannot leave these out, and a role that can write them can mark a pending migration as
     * applied, so that the owner skips it. One catalog query when there is nothing to take back; a
     * grant this connection did not make is left alone (PostgreSQL only warns) and the start-up
     * privilege check reports it.
     */
    private void keepHistoryToTheOwner(Connection c) throws SQLException {
        List<String> revokes = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT DISTINCT format('REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON %I.%I FROM %s', n.nspname, t.relname,
                                       CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(r.rolname) END)
                  FROM pg_class t
                  JOIN pg_namespace n ON n.oid = t.relnamespace
                 CROSS JOIN LATERAL aclexplode(t.relacl) a
                  LEFT JOIN pg_roles r ON r.oid = a.grantee
                 WHERE n.nspname = ? AND t.relkind = 'r' AND t.relname LIKE 'portalkit\\_%\\_history'
                   AND a.grantee <> t.relowner
                   AND a.privilege_type IN ('INSERT', 'UPDATE', 'DELETE', 'TRUNCATE')""")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    revokes.add(rs.getString(1));
                }
            }
        }
        for (String revoke : revokes) {
            try (PreparedStatement ps = c.prepareStatement(revoke)) {
                ps.execute();
            }
        }
        if (!revokes.isEmpty()) {
            LOG.info("PortalKit took back writes to its migration history tables from other roles: {}", revokes);
        }
    }

    private String lockKey() {
        return "portalkit.migrate." + schema;
    }

    private void migrate(Connection c, List<PortalModule> modules) {
        DataSource single = sameConnection(c);
        for (PortalModule module : modules) {
            try {
                var result = flyway(module, single).migrate();
                if (result.migrationsExecuted > 0) {
                    LOG.info("PortalKit module {}: applied {} migration(s), now at version {}",
                            module.name(), result.migrationsExecuted, result.targetSchemaVersion);
                }
            } catch (RuntimeException e) {
                String text = flywayText(e, false);
                if (text.contains("advisory lock")) {
                    // Flyway's session lock went to one server connection and its release to another.
                    text += " (is the migration connection going through a transaction-mode pooler such as PgBouncer?"
                            + " Migrations need a direct connection: Portal.builder().migrationDataSource(...))";
                }
                throw new PortalException(CoreError.MIGRATION_FAILED, e, ModuleGraph.describe(module), text);
            }
        }
    }

    private void validate(Connection c, List<PortalModule> modules) {
        DataSource single = sameConnection(c);
        List<String> problems = new ArrayList<>();
        for (PortalModule module : modules) {
            ValidateResult result;
            try {
                result = flyway(module, single).validateWithResult();
            } catch (RuntimeException e) {
                problems.add("module " + ModuleGraph.describe(module) + ": " + flywayText(e, true));
                continue;
            }
            if (!result.validationSuccessful) {
                List<String> details = new ArrayList<>();
                for (ValidateOutput out : result.invalidMigrations) {
                    String version = out.version == null || out.version.isEmpty() ? "" : "version " + out.version + " ";
                    details.add(version + "(" + out.description + "): "
                            + (out.errorDetails == null ? "invalid" : withoutHostPaths(out.errorDetails.errorMessage)));
                }
                if (details.isEmpty() && result.errorDetails != null) {
                    details.add(withoutHostPaths(result.errorDetails.errorMessage));
                }
                problems.add("module " + ModuleGraph.describe(module) + ", history table " + schema + "." + historyTable(module)
                        + ", migrations in " + module.migrationLocation() + ": " + String.join("; ", details));
            }
        }
        if (!problems.isEmpty()) {
            problems.add("Fix: build with .migration(MigrationMode.APPLY), or apply the migrations yourself; "
                    + "a history row edited by hand must be restored (or repaired with Flyway) first.");
            throw new PortalException(CoreError.MIGRATION_VALIDATION_FAILED,
                    "  - " + String.join(System.lineSeparator() + "  - ", problems));
        }
    }

    private Flyway flyway(PortalModule module, DataSource single) {
        FluentConfiguration config = Flyway.configure(module.getClass().getClassLoader())
                .dataSource(single)
                .schemas(schema)
                .defaultSchema(schema)
                .createSchemas(true)
                .table(historyTable(module))
                .locations(module.migrationLocation())
                // A second module finds the schema non-empty; baselining at 0 still runs its V1.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .baselineDescription("PortalKit module " + module.name())
                .cleanDisabled(true)
                .validateMigrationNaming(true)
                .loggers("slf4j");
        // Flyway's own lock on this same session: its transactional lock (the default) would open a
        // second connection, which a pool of one never hands out. Ours serialises the run already.
        config.getConfigurationExtension(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
        return config.load();
    }

    /**
     * Flyway's message names the script, the SQLState and the failing statement: keep it, bounded,
     * without the host's file system (see {@link #withoutHostPaths}).
     */
    private static String flywayText(Throwable e, boolean firstLineOnly) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        if (firstLineOnly) {
            m = m.lines().findFirst().orElse(m);
        }
        m = withoutHostPaths(m);
        return m.length() > 2000 ? m.substring(0, 2000) + " ..." : m;
    }

    /** {@code jar:file:/x/app.jar!/dev/portalkit/demo/db/migration/V1__a.sql}, {@code file:/x/V1__a.sql}. */
    private static final Pattern URL = Pattern.compile("(?:jar:)?(?:file|vfs|vfszip|wsjar|zip):[^\\s()'\"<>,;]+");
    /** An absolute path: {@code /home/me/app/V1__a.sql}, {@code C:\app\V1__a.sql}, at a word boundary. */
    private static final Pattern PATH = Pattern.compile(
            "(?<![\\w.:/\\\\-])(?:/|[A-Za-z]:[\\\\/])(?:[^\\s()'\"<>,;:/\\\\]+[/\\\\])+([^\\s()'\"<>,;:/\\\\]*)");

    /**
     * A message built from a Flyway exception with the host's file system taken out: a URL becomes the
     * class-path resource it points into (what follows {@code !/}) or its file name, an absolute path
     * its file name, so the script is still named but no directory of the host is shown.
     */
    static String withoutHostPaths(String message) {
        if (message == null) {
            return null;
        }
        Matcher url = URL.matcher(message);
        StringBuilder out = new StringBuilder();
        while (url.find()) {
            String u = url.group();
            int inJar = u.lastIndexOf("!/");
            String kept = inJar >= 0 ? u.substring(inJar + 2) : u.substring(u.replace('\\', '/').lastIndexOf('/') + 1);
            url.appendReplacement(out, Matcher.quoteReplacement(kept));
        }
        url.appendTail(out);
        return PATH.matcher(out).replaceAll("$1");
    }

    /**
     * A DataSource that always hands out {@code c} and never closes it: Flyway runs on the connection
     * that holds the lock. Flyway restores the connection's schema and auto-commit when it is done.
     */
    private static DataSource sameConnection(Connection c) {
        Connection unclosable = (Connection) Proxy.newProxyInstance(MigrationRunner.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "close":
                            return null;
                        case "isClosed":
                            return c.isClosed();
                        case "equals":
                            return proxy == args[0];
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        default:
                            try {
                                return method.invoke(c, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                    }
                });
        return new DataSource() {
            @Override
            public Connection getConnection() {
                return unclosable;
            }

            @Override
            public Connection getConnection(String username, String password) {
                return unclosable;
            }

            @Override
            public PrintWriter getLogWriter() {
                return null;
            }

            @Override
            public void setLogWriter(PrintWriter out) {
            }

            @Override
            public void setLoginTimeout(int seconds) {
            }

            @Override
            public int getLoginTimeout() {
                return 0;
            }

            @Override
            public Logger getParentLogger() throws SQLFeatureNotSupportedException {
                throw new SQLFeatureNotSupportedException();
            }

            @Override
            public <T> T unwrap(Class<T> type) throws SQLException {
                throw new SQLException("not a wrapper");
            }

            @Override
            public boolean isWrapperFor(Class<?> type) {
                return false;
            }
        };
    }
}
