package dev.portalkit.core;

import java.time.Clock;
import java.time.Duration;
import dev.portalkit.core.spi.HostTransactions;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * The validated, immutable configuration a {@link Portal} was built with. {@link #toString()} never
 * shows the password.
 *
 * @param dataSource          the host's pool, or {@code null} when PortalKit owns one
 * @param migrationDataSource a direct (unpooled) connection source for migrations, or {@code null}
 *                            to migrate over the Portal's own connections
 * @param modules             the installed modules in dependency order (core is implicit and not listed)
 * @param requireLeastPrivilege whether {@code build()} refuses a pool role with more rights than
 *                            PortalKit needs, rather than warning
 * @param auditKeys           the keys the audit trail is sealed and verified with, the one that seals
 *                            first; empty for an unkeyed chain. Shown by id only.
 * @param backgroundSealing   whether the Portal seals the audit trail in a thread of its own
 * @param sealInterval        how often that thread looks for rows to seal
 * @param onAuditCheckpoint   the host's receiver of each checkpoint this Portal seals, or {@code null}
 * @param hostTransactions    the host framework's transactions that calls join, or {@code null}
 * @param meterRegistry       the host's Micrometer {@code MeterRegistry}, or {@code null} (typed
 *                            {@code Object} so that Micrometer stays optional)
 * @param readReplicas        the replicas lag-tolerant reads may use, or {@code null} for none
 */
public record PortalConfig(DataSource dataSource, DataSource migrationDataSource, String jdbcUrl, String username,
                           String password,
                           int minimumIdle, int maximumPoolSize, Duration connectionTimeout,
                           Duration statementTimeout, String schema, MigrationMode migration, Clock clock,
                           List<PortalModule> modules, List<Setting<?>> settings, boolean requireLeastPrivilege,
                           List<AuditKey> auditKeys, boolean backgroundSealing, Duration sealInterval,
                           Consumer<AuditCheckpoint> onAuditCheckpoint, HostTransactions hostTransactions,
                           Object meterRegistry, ReadReplicas readReplicas) {

    public PortalConfig {
        modules = List.copyOf(modules);
        settings = List.copyOf(settings);
        auditKeys = List.copyOf(auditKeys);
    }

    /** The configuration before read replicas: none. */
    public PortalConfig(DataSource dataSource, DataSource migrationDataSource, String jdbcUrl, String username,
                        String password, int minimumIdle, int maximumPoolSize, Duration connectionTimeout,
                        Duration statementTimeout, String schema, MigrationMode migration, Clock clock,
                        List<PortalModule> modules, List<Setting<?>> settings, boolean requireLeastPrivilege,
                        List<AuditKey> auditKeys, boolean backgroundSealing, Duration sealInterval,
                        Consumer<AuditCheckpoint> onAuditCheckpoint, HostTransactions hostTransactions,
                        Object meterRegistry) {
        this(dataSource, migrationDataSource, jdbcUrl, username, password, minimumIdle, maximumPoolSize, connectionTimeout,
                statementTimeout, schema, migration, clock, modules, settings, requireLeastPrivilege, auditKeys,
                backgroundSealing, sealInterval, onAuditCheckpoint, hostTransactions, meterRegistry, null);
    }

    /** The configuration before audit trail v2: no audit key, background sealing every 500 ms. */
    public PortalConfig(DataSource dataSource, DataSource migrationDataSource, String jdbcUrl, String username,
                        String password, int minimumIdle, int maximumPoolSize, Duration connectionTimeout,
                        Duration statementTimeout, String schema, MigrationMode migration, Clock clock,
                        List<PortalModule> modules, List<Setting<?>> settings, boolean requireLeastPrivilege) {
        this(dataSource, migrationDataSource, jdbcUrl, username, password, minimumIdle, maximumPoolSize, connectionTimeout,
                statementTimeout, schema, migration, clock, modules, settings, requireLeastPrivilege, List.of(), true,
                Duration.ofMillis(500), null, null, null, null);
    }

    /** Whether PortalKit created (and will close) the connection pool. */
    public boolean ownsPool() {
        return dataSource == null;
    }

    @Override
    public String toString() {
        return "PortalConfig[" + (ownsPool() ? "jdbcUrl=" + redactUrl(jdbcUrl) + ", username=" + username
                + ", password=" + (password == null ? "none" : "***") + ", pool=" + minimumIdle + ".." + maximumPoolSize
                : "dataSource=host-owned") + ", schema=" + schema + ", migration=" + migration
                + ", statementTimeout=" + statementTimeout + ", requireLeastPrivilege=" + requireLeastPrivilege
                + ", auditKeys=" + auditKeys.stream().map(AuditKey::id).toList() + ", backgroundSealing="
                + (backgroundSealing ? sealInterval : "off") + (hostTransactions == null ? "" : ", hostTransactions="
                + hostTransactions.getClass().getSimpleName()) + (meterRegistry == null ? "" : ", metrics=on")
                + (readReplicas == null ? "" : ", readReplicas=" + readReplicas.dataSources().size() + " (maxLagBytes="
                + readReplicas.maxLagBytes() + ", readYourWritesWindow=" + readReplicas.readYourWritesWindow() + ")") + ", modules="
                + modules.stream().map(PortalModule::name).toList() + "]";
    }

    /** Drops anything after '?': a URL may carry password=... as a parameter. */
    static String redactUrl(String url) {
        if (url == null) {
            return null;
        }
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q) + "?...";
    }
}
