package dev.portalkit.core.internal;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.portalkit.core.ActivityLog;
import dev.portalkit.core.AuditRetention;
import dev.portalkit.core.CoreError;
import dev.portalkit.core.MigrationMode;
import dev.portalkit.core.PortalConfig;
import dev.portalkit.core.PortalException;
import dev.portalkit.core.PortalHealth;
import dev.portalkit.core.PortalModule;
import dev.portalkit.core.Setting;
import dev.portalkit.core.SettingsService;
import dev.portalkit.core.internal.mybatis.MyBatisFactory;
import dev.portalkit.core.spi.AuditTrail;
import dev.portalkit.core.spi.ConstraintViolation;
import dev.portalkit.core.spi.Meters;
import dev.portalkit.core.spi.ModuleContext;
import dev.portalkit.core.spi.Transactions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Everything one Portal holds: pool, MyBatis, transactions, audit and the modules' services. Not API. */
public final class PortalRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PortalRuntime.class);

    private final PortalConfig config;
    private final HikariDataSource ownedPool;
    private final DataSource dataSource;
    private final ObjectMapper json;
    private final ExceptionTranslator translator = new ExceptionTranslator();
    private final Metrics metrics;
    private final List<PortalModule> modules = new ArrayList<>();
    private final Map<Class<?>, Object> services = new ConcurrentHashMap<>();
    private final Map<String, dev.portalkit.core.spi.PersonalData> personalData = new LinkedHashMap<>();
    private TxManager tx;
    private AuditWriter audit;
    private AuditSealer sealer;

    private PortalRuntime(PortalConfig config) {
        this.config = config;
        this.metrics = Metrics.of(config.meterRegistry());
        this.ownedPool = config.ownsPool() ? pool(config) : null;
        this.dataSource = config.ownsPool() ? ownedPool : config.dataSource();
        this.json = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .registerModule(dev.portalkit.core.internal.types.PlainDecimals.module())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        // NaN and infinity as bare tokens, which jsonb refuses, instead of the strings "NaN" that it
        // would store in place of a number: a backstop behind Validation.jsonProblem.
        json.getFactory().configure(JsonWriteFeature.WRITE_NAN_AS_STRINGS.mappedFeature(), false);
    }

    /** Creates the pool, migrates, assembles MyBatis and starts every module; cleans up on failure. */
    public static PortalRuntime start(PortalConfig config) {
        PortalRuntime runtime = new PortalRuntime(config);
        try {
            runtime.boot();
            return runtime;
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    private void boot() {
        modules.add(new CoreModule());
        modules.addAll(config.modules());

        new MigrationRunner(migrations(), config.schema()).run(config.migration(), modules);
        PrivilegeCheck.run(dataSource, config);

        List<Class<?>> mappers = new ArrayList<>();
        modules.forEach(m -> mappers.addAll(m.mappers()));
        // Replica reads open sessions of the same factory on a replica's connection: the same mappers.
        tx = new TxManager(MyBatisFactory.create(dataSource, config.schema(), json, config.statementTimeout(), mappers),
                new ConnectionGate(dataSource), translator, dataSource, config.hostTransactions(),
                config.readReplicas() == null ? null : new ReplicaRouter(config.readReplicas(), dataSource, metrics));
        audit = new AuditWriter(tx, config.clock());

        Map<String, Setting<?>> declared = new LinkedHashMap<>();
        config.settings().forEach(s -> declared.put(s.key(), s));
        modules.forEach(m -> m.settings().forEach(s -> declared.put(s.key(), s)));
        Context context = new Context();
        services.put(SettingsService.class, ServiceGuard.wrap(SettingsService.class,
                new DefaultSettingsService(new CoreContext(context), declared), tx, translator, metrics));
        AuditChain chain = new AuditChain(config.auditKeys());
        sealer = new AuditSealer(tx, chain, config.clock(), config.schema(), config.onAuditCheckpoint());
        DefaultActivityLog activityLog = new DefaultActivityLog(new CoreContext(context), sealer, new AuditVerifier(tx, chain));
        services.put(ActivityLog.class, ServiceGuard.wrap(ActivityLog.class, activityLog, tx, translator, metrics));
        AuditRetention retention = ServiceGuard.wrap(AuditRetention.class,
                new DefaultAuditRetention(new CoreContext(context), activityLog), tx, translator, metrics);
        services.put(AuditRetention.class, retention);
        services.put(dev.portalkit.core.PrivacyService.class, ServiceGuard.wrap(dev.portalkit.core.PrivacyService.class,
                new DefaultPrivacyService(new CoreContext(context), activityLog, java.util.Collections.unmodifiableMap(personalData)),
                tx, translator, metrics));
        // The months ahead exist before anything is written in them; rows of a month without one would still
        // land (the DEFAULT partition), so a failure here (a lock held too long) is no reason not to start.
        try {
            retention.ensurePartitions(AuditRetention.DEFAULT_MONTHS_AHEAD);
        } catch (dev.portalkit.core.PortalException e) {
            LOG.warn("activity_logs partitions ahead not created at start ({}); AuditRetention.ensurePartitions creates them",
                    e.getMessage());
        }
        if (chain.current() == null) {
            LOG.info("PortalKit audit trail: no audit key (Portal.Builder.auditKeys), so its chain is plain SHA-256: it"
                    + " shows accidental change, not a rewrite by the database's owner");
        }

        for (PortalModule module : modules) {
            module.start(context);
        }
        if (config.backgroundSealing()) {
            sealer.start(config.sealInterval());
        }
        LOG.info("PortalKit ready: schema {}, modules {}", config.schema(),
                modules.stream().map(PortalModule::name).toList());
    }

    public PortalConfig config() {
        return config;
    }

    private DataSource migrations() {
        return config.migrationDataSource() != null ? config.migrationDataSource() : dataSource;
    }

    /** Runs {@code work} on the plain JDBC host's transaction of {@code connection}. */
    public <T> T joining(java.sql.Connection connection, java.util.function.Supplier<T> work) {
        return tx.joining(JoinedConnection.of(connection), connection, work);
    }

    /** Runs {@code work} acting for {@code caller}: its reads see its own writes (read replicas). */
    public <T> T onBehalfOf(dev.portalkit.core.CallContext caller, java.util.function.Supplier<T> work) {
        return tx.onBehalfOf(TxManager.callerKey(caller), work);
    }

    /**
     * The database's answer on a pooled connection, then the check that {@code VALIDATE} makes at
     * start (each module's migrations applied and unchanged, every object they create present).
     */
    public PortalHealth health() {
        if (tx.active()) {
            throw new dev.portalkit.core.ValidationException("health", "cannot run inside a transaction: it uses connections of its own");
        }
        try (java.sql.Connection c = dataSource.getConnection()) {
            if (!c.isValid(5)) {
                return new PortalHealth(false, List.of("the database did not answer within 5 s"));
            }
        } catch (java.sql.SQLException | RuntimeException e) {
            String state = e instanceof java.sql.SQLException sql ? " (SQLState " + sql.getSQLState() + ")" : "";
            return new PortalHealth(false, List.of("the database is unreachable" + state + ": " + e.getClass().getSimpleName()));
        }
        try {
            new MigrationRunner(migrations(), config.schema()).run(MigrationMode.VALIDATE, modules);
            return new PortalHealth(true, List.of());
        } catch (PortalException e) {
            return new PortalHealth(true, List.of(e.code().id() + " " + e.getMessage()));
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Transactions transactions() {
        return tx;
    }

    public <S> S service(Class<S> type) {
        Object s = services.get(type);
        if (s == null) {
            throw notInstalled(type);
        }
        return type.cast(s);
    }

    /**
     * Refuses new calls and ends the calls waiting for a connection (PK-1004) first, then closes the
     * owned pool, which aborts connections still in use. A host's pool is left open.
     */
    @Override
    public void close() {
        if (sealer != null) {
            sealer.close();
        }
        if (tx != null) {
            tx.close();
        }
        if (ownedPool != null) {
            ownedPool.close();
        }
    }

    /**
     * Names the artifact and the install call for a PortalKit service; services live in
     * {@code dev.portalkit.<module>} (or a sub-package), the module class is {@code <Module>Module}.
     */
    private PortalException notInstalled(Class<?> type) {
        String module = ModuleGraph.moduleOf(type);
        if (module == null) {
            return new PortalException(CoreError.MODULE_NOT_INSTALLED, type.getName(), "the module that provides it",
                    "that module");
        }
        if (module.equals("core")) {
            return new PortalException(CoreError.INVALID_ARGUMENT,
                    type.getName() + " is not a service: module core is installed but provides no " + type.getSimpleName());
        }
        for (PortalModule installed : config.modules()) {
            if (installed.name().equals(module)) {
                return new PortalException(CoreError.INVALID_ARGUMENT, type.getName() + " is not a service: module "
                        + ModuleGraph.describe(installed) + " is installed but provides no " + type.getSimpleName());
            }
        }
        return new PortalException(CoreError.MODULE_NOT_INSTALLED, type.getSimpleName(), ModuleGraph.artifactOf(type),
                "new " + ModuleGraph.moduleClassOf(module) + "()");
    }

    private static HikariDataSource pool(PortalConfig c) {
        HikariConfig h = new HikariConfig();
        h.setPoolName("portalkit");
        h.setJdbcUrl(c.jdbcUrl());
        h.setUsername(c.username());
        h.setPassword(c.password());
        h.setMinimumIdle(c.minimumIdle());
        h.setMaximumPoolSize(c.maximumPoolSize());
        h.setConnectionTimeout(c.connectionTimeout().toMillis());
        h.setAutoCommit(true);
        // The server's error detail can echo row values (an e-mail in a unique violation): keep it out of exceptions.
        h.addDataSourceProperty("logServerErrorDetail", "false");
        // Fail at build() when the database is unreachable, not at the first call.
        h.setInitializationFailTimeout(c.connectionTimeout().toMillis());
        if (c.meterRegistry() != null) {
            h.setMetricRegistry(c.meterRegistry()); // HikariCP's own meters, hikaricp.connections.*{pool=portalkit}
        }
        try {
            return new HikariDataSource(h);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new dev.portalkit.core.TransientException(CoreError.DATABASE_UNAVAILABLE, cause,
                    "cannot connect to " + redact(c.jdbcUrl()) + " as " + c.username() + ": " + cause.getMessage());
        }
    }

    private static String redact(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q) + "?...";
    }

    /** The view of the runtime each module gets when it starts. */
    private final class Context implements ModuleContext {

        @Override
        public String schema() {
            return config.schema();
        }

        @Override
        public Clock clock() {
            return config.clock();
        }

        @Override
        public Transactions transactions() {
            return tx;
        }

        @Override
        public AuditTrail audit() {
            return audit;
        }

        @Override
        public Meters meters() {
            return metrics;
        }

        @Override
        public ObjectMapper json() {
            return json;
        }

        @Override
        public <S> S service(Class<S> type) {
            return PortalRuntime.this.service(type);
        }

        @Override
        public <S> java.util.function.Supplier<java.util.Optional<S>> optionalService(Class<S> type) {
            java.util.Objects.requireNonNull(type, "type");
            return () -> java.util.Optional.ofNullable(services.get(type)).map(type::cast);
        }

        @Override
        public void personalData(String module, dev.portalkit.core.spi.PersonalData part) {
            if (module == null || module.isBlank() || module.equals("core") || module.equals("userId")
                    || module.equals("exportedAt") || part == null) {
                throw new IllegalArgumentException("personal data part needs a module name (not core) and a part");
            }
            if (personalData.putIfAbsent(module, part) != null) {
                throw new IllegalStateException("two personal data parts for module " + module);
            }
        }

        @Override
        public <S> void provide(Class<S> type, S implementation) {
            if (!type.isInstance(implementation)) {
                throw new IllegalArgumentException(implementation + " is not a " + type.getName());
            }
            if (services.putIfAbsent(type, ServiceGuard.wrap(type, implementation, tx, translator, metrics)) != null) {
                throw new IllegalStateException(type.getName() + " is provided by two modules");
            }
        }

        @Override
        public void onConstraint(String constraintName, Function<ConstraintViolation, PortalException> translation) {
            translator.onConstraint(constraintName, translation);
        }
    }
}
