package dev.portalkit.core;

import dev.portalkit.core.internal.ConfigChecks;
import dev.portalkit.core.internal.CoreModule;
import dev.portalkit.core.internal.ModuleGraph;
import dev.portalkit.core.internal.PortalRuntime;
import dev.portalkit.core.spi.HostTransactions;
import dev.portalkit.core.spi.Problems;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A running PortalKit: the entry point a host builds once and shares.
 *
 * <pre>{@code
 * try (Portal portal = Portal.builder()
 *         .jdbcUrl("jdbc:postgresql://localhost:5432/app").username("app").password(secret)
 *         .install(new AuthModule(), new BillingModule())
 *         .build()) {
 *     UserService users = portal.service(UserService.class);
 * }
 * }</pre>
 *
 * Thread-safe. Closing it closes the pool PortalKit created, never a host's {@link DataSource}.
 */
public final class Portal implements AutoCloseable {

    /** Where portalkit-core's migrations live, for hosts that apply them with their own Flyway. */
    public static final String CORE_MIGRATIONS = CoreModule.MIGRATIONS;

    /** The Flyway history table of a module in the PortalKit schema: {@code portalkit_<name>_history}. */
    public static String historyTable(String moduleName) {
        return "portalkit_" + moduleName + "_history";
    }

    private final PortalRuntime runtime;

    private Portal(PortalRuntime runtime) {
        this.runtime = runtime;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A service of an installed module.
     *
     * @throws PortalException with code {@link CoreError#MODULE_NOT_INSTALLED}, naming the artifact
     *                         and the {@code install(...)} call, when its module is not installed
     */
    public <S> S service(Class<S> type) {
        if (type == null) {
            throw new ValidationException("type", "is required: a service interface such as UserService.class");
        }
        return runtime.service(type);
    }

    /** Data-subject requests (export, erase) across every installed module: {@code service(PrivacyService.class)}. */
    public PrivacyService privacy() {
        return runtime.service(PrivacyService.class);
    }

    /**
     * Runs {@code work} in one transaction: every service call inside commits or rolls back together.
     * If a call inside fails, the whole transaction rolls back, even if {@code work} catches the
     * exception. Nested calls join the outer transaction.
     */
    public <T> T inTransaction(Supplier<T> work) {
        requireWork(work);
        return runtime.transactions().call(work);
    }

    /** {@link #inTransaction(Supplier)} for work without a result. */
    public void inTransaction(Runnable work) {
        requireWork(work);
        runtime.transactions().run(work);
    }

    /**
     * Runs {@code work} in a plain JDBC host's transaction: every PortalKit call inside runs on
     * {@code connection} (in manual-commit mode, the host's, never committed, rolled back or closed by
     * PortalKit), so the host's own statements and PortalKit's, audit rows and queued e-mail included,
     * commit or roll back together when the host ends it. A PortalKit failure inside, caught or not,
     * leaves the transaction able only to roll back (PostgreSQL then answers the host's COMMIT with a
     * ROLLBACK). Calls that must commit on their own (a payment gateway call, a login's failure count)
     * refuse to run inside. README, "Host transactions".
     */
    public <T> T joining(java.sql.Connection connection, Supplier<T> work) {
        requireWork(work);
        return runtime.joining(connection, work);
    }

    /** {@link #joining(java.sql.Connection, Supplier)} for work without a result. */
    public void joining(java.sql.Connection connection, Runnable work) {
        requireWork(work);
        runtime.joining(connection, () -> {
            work.run();
            return null;
        });
    }

    /**
     * Whether the database answers on a pooled connection and every installed module's schema is as
     * its migrations make it (the check {@link MigrationMode#VALIDATE} makes at start). Takes a
     * connection of its own; for a health endpoint, which should cache it for some seconds.
     */
    public PortalHealth health() {
        return runtime.health();
    }

    /**
     * Runs {@code work} as {@code caller}: the lag-tolerant reads inside (lists, pages, content) may
     * use a read replica ({@link Builder#readReplica}) unless this caller made a write the replica has
     * not replayed yet, and then go to the primary. Reads outside such a call wait for every write this
     * Portal made instead. The caller is {@code caller.actorId()}, or its {@code requestId()} when it has
     * no actor, so a host binds each request to the signed-in user (README, "Read replicas").
     * Without replicas it only runs {@code work}.
     */
    public <T> T onBehalfOf(CallContext caller, Supplier<T> work) {
        requireWork(work);
        if (caller == null) {
            throw new ValidationException("caller", "is required");
        }
        return runtime.onBehalfOf(caller, work);
    }

    /** {@link #onBehalfOf(CallContext, Supplier)} for work without a result. */
    public void onBehalfOf(CallContext caller, Runnable work) {
        requireWork(work);
        onBehalfOf(caller, () -> {
            work.run();
            return null;
        });
    }

    private static void requireWork(Object work) {
        if (work == null) {
            throw new ValidationException("work", "is required");
        }
    }

    /** The pool in use: PortalKit's own, or the host's. */
    public DataSource dataSource() {
        return runtime.dataSource();
    }

    public String schema() {
        return runtime.config().schema();
    }

    public PortalConfig config() {
        return runtime.config();
    }

    /**
     * Refuses new calls ({@link CoreError#PORTAL_CLOSED}), ends calls waiting for a pooled connection
     * with the same code, and closes the pool PortalKit created (never a host's).
     */
    @Override
    public void close() {
        runtime.close();
    }

    /**
     * Configures a {@link Portal}. Every problem is reported at once by {@link #build()}, each with the
     * setting to change.
     */
    public static final class Builder {

        private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

        private DataSource dataSource;
        private DataSource migrationDataSource;
        private String jdbcUrl;
        private String username;
        private String password;
        private int minimumIdle = 2;
        private int maximumPoolSize = 10;
        private Duration connectionTimeout = Duration.ofSeconds(10);
        private Duration statementTimeout = Duration.ofSeconds(30);
        private String schema = "portal";
        private MigrationMode migration = MigrationMode.APPLY;
        private Clock clock = Clock.systemUTC();
        private boolean requireLeastPrivilege;
        private final List<AuditKey> auditKeys = new ArrayList<>();
        private boolean auditKeysNull;
        private boolean backgroundSealing = true;
        private Duration sealInterval = Duration.ofMillis(500);
        private Consumer<AuditCheckpoint> onAuditCheckpoint;
        private HostTransactions hostTransactions;
        private Object meterRegistry;
        private final List<DataSource> replicas = new ArrayList<>();
        private boolean replicasInvalid;
        private long replicaMaxLagBytes = ReadReplicas.DEFAULT_MAX_LAG_BYTES;
        private Duration readYourWritesWindow = ReadReplicas.DEFAULT_READ_YOUR_WRITES_WINDOW;
        private final List<PortalModule> modules = new ArrayList<>();
        private final List<Setting<?>> settings = new ArrayList<>();

        private Builder() {
        }

        /** The host's pool. PortalKit never closes it. Excludes {@link #jdbcUrl}. (default: none) */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = dataSource;
            return this;
        }

        /**
         * Where migrations run, when the Portal's connections go through a transaction-mode pooler
         * (PgBouncer, Neon's pooled endpoint): Flyway sets {@code search_path} per session, which
         * such a pooler does not keep, so migrations need a direct connection. Also the way to migrate
         * as the schema's owner while the pool connects as a runtime role with DML rights only
         * (README, "Least privilege: two roles"; see {@link #requireLeastPrivilege}). Never closed by
         * PortalKit. (default: none: migrate over the Portal's own connections)
         */
        public Builder migrationDataSource(DataSource direct) {
            this.migrationDataSource = direct;
            return this;
        }

        /**
         * A PostgreSQL JDBC URL for a pool PortalKit creates and closes. For managed providers add
         * {@code ?sslmode=verify-full}; behind PgBouncer in transaction mode add {@code prepareThreshold=0}.
         * (default: none)
         */
        public Builder jdbcUrl(String jdbcUrl) {
            this.jdbcUrl = jdbcUrl;
            return this;
        }

        /** (default: none: the driver's default) */
        public Builder username(String username) {
            this.username = username;
            return this;
        }

        /** Never logged or shown by {@code toString()}. (default: none) */
        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /** Idle connections the owned pool keeps. (default: 2) */
        public Builder minimumIdle(int minimumIdle) {
            this.minimumIdle = minimumIdle;
            return this;
        }

        /**
         * Most connections the owned pool opens; 1 is enough to start (migrations run on a single
         * connection) and nested {@code inTransaction} calls share the outer one. (default: 10)
         */
        public Builder maximumPoolSize(int maximumPoolSize) {
            this.maximumPoolSize = maximumPoolSize;
            return this;
        }

        /** How long a call waits for a pooled connection before failing. (default: 10 s) */
        public Builder connectionTimeout(Duration connectionTimeout) {
            this.connectionTimeout = connectionTimeout;
            return this;
        }

        /** How long one SQL statement may run before it is cancelled. (default: 30 s) */
        public Builder statementTimeout(Duration statementTimeout) {
            this.statementTimeout = statementTimeout;
            return this;
        }

        /** The PostgreSQL schema that holds every PortalKit object. (default: portal) */
        public Builder schema(String schema) {
            this.schema = schema;
            return this;
        }

        /**
         * What to do with the modules' migrations at start. APPLY and VALIDATE then check that the
         * constraints, indexes, triggers and extensions the migrations create are all present
         * ({@link CoreError#SCHEMA_INCOMPLETE}); NONE checks neither. (default: APPLY)
         */
        public Builder migration(MigrationMode migration) {
            this.migration = migration;
            return this;
        }

        /** The source of "now" for expiry, lockout and timestamps written from Java. (default: UTC system clock) */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * What {@link #build()} does when the pool's database role has more rights than PortalKit's
         * services need: when it is (or can become) a superuser, owns the PortalKit schema or any
         * object in it, may create objects in it, may UPDATE, DELETE or TRUNCATE
         * {@code activity_logs}, or may write the migration history tables. Such a role can alter or
         * drop PortalKit's tables, switch off the audit trail's triggers, or make the owner skip a
         * migration. {@code false} logs one warning naming each finding; {@code true}
         * refuses to start with {@link CoreError#PRIVILEGED_RUNTIME_ROLE}. Either way the fix is a
         * runtime role with DML rights only and the owner as {@link #migrationDataSource} (README,
         * "Least privilege: two roles"). The check is one catalog query on a pooled connection, after
         * migrations. (default: false: warn)
         */
        public Builder requireLeastPrivilege(boolean require) {
            this.requireLeastPrivilege = require;
            return this;
        }

        /**
         * The keys of the audit trail's seals, from the host's secret store: {@code current} seals
         * from now on, and verification accepts seals made with any of them (key rotation: pass the
         * new key first and keep the old ones as long as their seals must verify). PortalKit writes
         * only their ids to the database, never a secret. Without a key the trail is chained with
         * plain SHA-256, which shows accidental change but not a rewrite by the database's owner
         * (core/README.md, "Audit trail"). (default: none: unkeyed)
         */
        public Builder auditKeys(AuditKey current, AuditKey... previous) {
            auditKeys.clear();
            auditKeysNull = current == null || previous == null;
            if (!auditKeysNull) {
                auditKeys.add(current);
                auditKeys.addAll(Arrays.asList(previous));
            }
            return this;
        }

        /**
         * Whether the Portal seals the audit trail in a daemon thread of its own, every
         * {@link #sealInterval}, until it is closed. Off, the host calls {@code ActivityLog.seal()}
         * (a scheduled job, say); rows are written and verifiable the same way. Several Portals may
         * all seal: one at a time does. (default: true)
         */
        public Builder backgroundSealing(boolean on) {
            this.backgroundSealing = on;
            return this;
        }

        /** How often the background sealer looks for committed rows to seal, 10 ms to 1 hour. (default: 500 ms) */
        public Builder sealInterval(Duration interval) {
            this.sealInterval = interval;
            return this;
        }

        /**
         * Receives every checkpoint this Portal's sealing writes, after its commit, on the sealing
         * thread, so that the host keeps them outside the database (an append-only store, another
         * system, a log shipped elsewhere). It must return quickly; an exception it throws is logged
         * and the checkpoint stays readable with {@code ActivityLog.checkpoints}. (default: none)
         */
        public Builder onAuditCheckpoint(Consumer<AuditCheckpoint> receiver) {
            this.onAuditCheckpoint = receiver;
            return this;
        }

        /**
         * The host framework's transactions, which PortalKit calls then join (Spring's: the starter
         * sets it). Needs {@link #dataSource} to be the pool those transactions use. (default: none:
         * every call runs its own transaction, or joins {@code inTransaction} and {@code joining})
         */
        public Builder hostTransactions(HostTransactions transactions) {
            this.hostTransactions = transactions;
            return this;
        }

        /**
         * A Micrometer {@code MeterRegistry} for PortalKit's meters (core/README.md, "Metrics") and the
         * owned pool's. Micrometer is an optional dependency: without a registry nothing is measured.
         * (default: none)
         */
        public Builder meterRegistry(io.micrometer.core.instrument.MeterRegistry registry) {
            this.meterRegistry = registry;
            return this;
        }

        /**
         * Streaming replicas of the primary (the host's pools, never closed by PortalKit) for the reads
         * that tolerate a little lag: lists, pages, content, free slots. Everything in a transaction,
         * every write and every read a caller makes soon after its own write ({@link #readYourWritesWindow},
         * {@link Portal#onBehalfOf}) goes to the primary, and so does every read while no replica is up
         * and within {@link #replicaMaxLag}. Each call replaces the previous one's list. README, "Read
         * replicas". (default: none: every read on the primary)
         */
        public Builder readReplica(DataSource... replicas) {
            this.replicas.clear();
            replicasInvalid = replicas == null || replicas.length == 0;
            if (replicas != null) {
                this.replicas.addAll(Arrays.asList(replicas));
            }
            return this;
        }

        /**
         * How many bytes of WAL a replica's replay may trail the primary's current position before reads
         * skip it (until it catches up), 0 to 1 TiB. (default: 16 MiB, one WAL segment)
         */
        public Builder replicaMaxLag(long bytes) {
            this.replicaMaxLagBytes = bytes;
            return this;
        }

        /**
         * How long after a caller's write that caller's reads keep waiting for a replica to replay it
         * (and go to the primary meanwhile), 100 ms to 1 day. A replica that has replayed the write ends
         * the wait sooner. (default: 30 s)
         */
        public Builder readYourWritesWindow(Duration window) {
            this.readYourWritesWindow = window;
            return this;
        }

        /** Modules to install; each one's required modules must be installed too. (default: core only) */
        public Builder install(PortalModule... modules) {
            if (modules == null) {
                this.modules.add(null); // reported by build(), with every other problem
            } else {
                this.modules.addAll(Arrays.asList(modules));
            }
            return this;
        }

        /** The host's own settings, so {@link SettingsService} knows their types and defaults. (default: none) */
        public Builder settings(Setting<?>... settings) {
            if (settings == null) {
                this.settings.add(null); // reported by build(), with every other problem
            } else {
                this.settings.addAll(Arrays.asList(settings));
            }
            return this;
        }

        /**
         * Validates the configuration, creates the pool if PortalKit owns it, refuses a server older
         * than PostgreSQL 15, applies or validates migrations, checks the schema's objects, checks the
         * pool's role for rights it should not have ({@link #requireLeastPrivilege}), and starts every
         * module.
         *
         * @throws PortalConfigurationException listing every setting to fix
         * @throws PortalException              {@link CoreError#UNSUPPORTED_SERVER}, {@link CoreError#MIGRATION_FAILED},
         *                                      {@link CoreError#MIGRATION_VALIDATION_FAILED},
         *                                      {@link CoreError#SCHEMA_INCOMPLETE} or
         *                                      {@link CoreError#PRIVILEGED_RUNTIME_ROLE}
         */
        public Portal build() {
            Problems problems = new Problems();
            ConfigChecks.database(dataSource, jdbcUrl, username, password, problems);
            ConfigChecks.sizes(minimumIdle, maximumPoolSize, connectionTimeout, statementTimeout, problems);
            if (schema == null || !IDENTIFIER.matcher(schema).matches()) {
                problems.check(false, "schema '%s' is not a valid name: use lowercase letters, digits and _,"
                        + " starting with a letter or _, at most 63 characters, e.g. .schema(\"portal\")", schema);
            } else {
                problems.check(!schema.equals("public") && !schema.startsWith("pg_") && !schema.equals("information_schema"),
                        "schema '%s' is shared with the host or PostgreSQL: PortalKit needs its own, e.g. .schema(\"portal\")",
                        schema);
            }
            problems.check(migration != null, "migration is null: use .migration(MigrationMode.APPLY), VALIDATE or NONE");
            problems.check(clock != null, "clock is null: use .clock(Clock.systemUTC()) or leave it unset");
            ConfigChecks.audit(auditKeys, auditKeysNull, sealInterval, problems);
            List<PortalModule> ordered = ModuleGraph.order(modules, problems);
            ConfigChecks.settings(settings, ordered, problems);
            problems.check(hostTransactions == null || dataSource != null,
                    "hostTransactions needs .dataSource(pool): the pool whose transactions PortalKit calls join");
            ConfigChecks.replicas(replicas, replicasInvalid, dataSource, migrationDataSource, replicaMaxLagBytes,
                    readYourWritesWindow, problems);
            problems.throwIfAny();
            ReadReplicas readReplicas = replicas.isEmpty() ? null
                    : new ReadReplicas(replicas, replicaMaxLagBytes, readYourWritesWindow);
            PortalConfig config = new PortalConfig(dataSource, migrationDataSource, jdbcUrl, username, password, minimumIdle,
                    maximumPoolSize, connectionTimeout, statementTimeout, schema, migration, clock, ordered, settings,
                    requireLeastPrivilege, auditKeys, backgroundSealing, sealInterval, onAuditCheckpoint, hostTransactions,
                    meterRegistry, readReplicas);
            return new Portal(PortalRuntime.start(config));
        }
    }
}
