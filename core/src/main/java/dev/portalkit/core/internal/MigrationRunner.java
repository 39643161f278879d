package dev.portalkit.core.internal;

import dev.portalkit.core.CoreError;
import dev.portalkit.core.MigrationMode;
import dev.portalkit.core.PortalException;
import dev.portalkit.core.PortalModule;
import dev.portalkit.core.TransientException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.ValidateOutput;
import org.flywaydb.core.api.output.ValidateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Flyway per module, each with its own history table ({@code portalkit_<module>_history}) in the
 * PortalKit schema and its own location, run in dependency order. The whole run holds a
 * transaction-level advisory lock on a separate connection, so Portals starting together migrate
 * one after the other and each migration is applied once. The host's own Flyway (its
 * {@code flyway_schema_history} and {@code db/migration}) is never read or touched.
 */
public final class MigrationRunner {

    private static final Logger LOG = LoggerFactory.getLogger(MigrationRunner.class);

    private final DataSource dataSource;
    private final String schema;

    public MigrationRunner(DataSource dataSource, String schema) {
        this.dataSource = dataSource;
        this.schema = schema;
    }

    public static String historyTable(PortalModule module) {
        return "portalkit_" + module.name() + "_history";
    }

    public void run(MigrationMode mode, List<PortalModule> modules) {
        switch (mode) {
            case NONE -> LOG.info("PortalKit migrations are off (MigrationMode.NONE); the host applies them");
            case VALIDATE -> validate(modules);
            case APPLY -> apply(modules);
        }
    }

    private void apply(List<PortalModule> modules) {
        try (Connection lock = dataSource.getConnection()) {
            // A transaction-level lock held in an open transaction: released by the commit below or
            // by the connection dying, never leaked, and safe behind a transaction-mode pooler.
            lock.setAutoCommit(false);
            try (PreparedStatement ps = lock.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
                ps.setString(1, "portalkit.migrate." + schema);
                ps.execute();
            }
            try {
                for (PortalModule module : modules) {
                    try {
                        var result = flyway(module).migrate();
                        if (result.migrationsExecuted > 0) {
                            LOG.info("PortalKit module {}: applied {} migration(s), now at version {}",
                                    module.name(), result.migrationsExecuted, result.targetSchemaVersion);
                        }
                    } catch (RuntimeException e) {
                        throw new PortalException(CoreError.MIGRATION_FAILED, e, module.name(), message(e));
                    }
                }
            } finally {
                lock.commit();
            }
        } catch (SQLException e) {
            throw new TransientException(CoreError.DATABASE_UNAVAILABLE, e,
                    "cannot open a connection to migrate (SQLState " + e.getSQLState() + "): " + e.getMessage());
        }
    }

    private void validate(List<PortalModule> modules) {
        List<String> problems = new ArrayList<>();
        for (PortalModule module : modules) {
            ValidateResult result;
            try {
                result = flyway(module).validateWithResult();
            } catch (RuntimeException e) {
                problems.add("module " + module.name() + ": " + firstLine(e));
                continue;
            }
            if (!result.validationSuccessful) {
                List<String> details = new ArrayList<>();
                for (ValidateOutput out : result.invalidMigrations) {
                    String version = out.version == null || out.version.isEmpty() ? "" : "version " + out.version + " ";
                    details.add(version + "(" + out.description + "): "
                            + (out.errorDetails == null ? "invalid" : out.errorDetails.errorMessage));
                }
                if (details.isEmpty() && result.errorDetails != null) {
                    details.add(result.errorDetails.errorMessage);
                }
                problems.add("module " + module.name() + " (history table " + schema + "." + historyTable(module)
                        + ", migrations in " + module.migrationLocation() + "): " + String.join("; ", details));
            }
        }
        if (!problems.isEmpty()) {
            problems.add("Fix: build with .migration(MigrationMode.APPLY), or apply the migrations yourself; "
                    + "a history row edited by hand must be restored (or repaired with Flyway) first.");
            throw new PortalException(CoreError.MIGRATION_VALIDATION_FAILED,
                    "  - " + String.join(System.lineSeparator() + "  - ", problems));
        }
    }

    private Flyway flyway(PortalModule module) {
        return Flyway.configure(module.getClass().getClassLoader())
                .dataSource(dataSource)
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
                .loggers("slf4j")
                .load();
    }

    /** Flyway's message names the script, the SQLState and the failing statement: keep it, bounded. */
    private static String message(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        return m.length() > 2000 ? m.substring(0, 2000) + " ..." : m;
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.strip().lines().findFirst().orElse(m);
    }
}
