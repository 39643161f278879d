package dev.portalkit.core;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
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
 */
public record PortalConfig(DataSource dataSource, DataSource migrationDataSource, String jdbcUrl, String username,
                           String password,
                           int minimumIdle, int maximumPoolSize, Duration connectionTimeout,
                           Duration statementTimeout, String schema, MigrationMode migration, Clock clock,
                           List<PortalModule> modules, List<Setting<?>> settings, boolean requireLeastPrivilege) {

    public PortalConfig {
        modules = List.copyOf(modules);
        settings = List.copyOf(settings);
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
                + ", statementTimeout=" + statementTimeout + ", requireLeastPrivilege=" + requireLeastPrivilege + ", modules="
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
