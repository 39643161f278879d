package dev.portalkit.core.internal;

import dev.portalkit.core.AuditKey;
import dev.portalkit.core.PortalModule;
import dev.portalkit.core.Setting;
import dev.portalkit.core.spi.Problems;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** The checks {@code Portal.Builder.build()} makes, each problem reported with the setting to change. Not API. */
public final class ConfigChecks {

    private ConfigChecks() {
    }

    public static void audit(List<AuditKey> auditKeys, boolean auditKeysNull, Duration sealInterval, Problems problems) {
        problems.check(!auditKeysNull && auditKeys.stream().allMatch(java.util.Objects::nonNull),
                "auditKeys(...) was given null: pass AuditKey.of(id, secret) for each key, the current one first");
        if (!auditKeysNull) {
            List<String> ids = auditKeys.stream().filter(java.util.Objects::nonNull).map(AuditKey::id).toList();
            problems.check(ids.size() == new java.util.HashSet<>(ids).size(),
                    "auditKeys(...) names a key id twice (%s): every key needs its own id", ids);
        }
        problems.check(sealInterval != null && sealInterval.toMillis() >= 10 && sealInterval.compareTo(Duration.ofHours(1)) <= 0,
                "sealInterval must be between 10 ms and 1 hour (default 500 ms); turn the sealer off with"
                        + " .backgroundSealing(false)");
    }

    public static void replicas(List<DataSource> replicas, boolean invalid, DataSource primary, DataSource migrations,
                                long maxLagBytes, Duration window, Problems problems) {
        problems.check(!invalid, "readReplica(...) needs at least one DataSource (leave it unset for no replica)");
        problems.check(replicas.stream().allMatch(java.util.Objects::nonNull), "readReplica(...) was given null");
        List<DataSource> given = replicas.stream().filter(java.util.Objects::nonNull).toList();
        java.util.Set<DataSource> distinct = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        distinct.addAll(given);
        problems.check(distinct.size() == given.size(), "readReplica(...) names the same DataSource twice");
        problems.check(primary == null || !distinct.contains(primary),
                "readReplica(...) was given the primary's dataSource: a replica is a standby's own pool");
        problems.check(migrations == null || !distinct.contains(migrations),
                "readReplica(...) was given the migrationDataSource: a replica is a standby's own pool");
        problems.check(maxLagBytes >= 0 && maxLagBytes <= (1L << 40),
                "replicaMaxLag is %d bytes: set it between 0 and 1 TiB (default 16 MiB)", maxLagBytes);
        problems.check(window != null && window.compareTo(Duration.ofMillis(100)) >= 0 && window.compareTo(Duration.ofDays(1)) <= 0,
                "readYourWritesWindow must be between 100 ms and 1 day (default 30 s)");
    }

    public static void database(DataSource dataSource, String jdbcUrl, String username, String password, Problems problems) {
        if (dataSource != null && jdbcUrl != null) {
            problems.check(false, "both dataSource and jdbcUrl are set: use .dataSource(hostPool) or .jdbcUrl(...), not both");
        } else if (dataSource == null && (jdbcUrl == null || jdbcUrl.isBlank())) {
            problems.check(false, "no database: set .jdbcUrl(\"jdbc:postgresql://host:5432/db\").username(...).password(...),"
                    + " or .dataSource(hostPool)");
        } else if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:postgresql:")) {
            String scheme = jdbcUrl.length() > 16 ? jdbcUrl.substring(0, 16) + "..." : jdbcUrl;
            problems.check(false, "jdbcUrl must start with jdbc:postgresql: (got %s): PortalKit runs on PostgreSQL only", scheme);
        }
        problems.check(dataSource == null || (username == null && password == null),
                "username/password apply to jdbcUrl only: configure them on your DataSource");
    }

    public static void sizes(int minimumIdle, int maximumPoolSize, Duration connectionTimeout, Duration statementTimeout,
                  Problems problems) {
        problems.check(maximumPoolSize >= 1, "maximumPoolSize is %d: set it to 1 or more (default 10)", maximumPoolSize);
        problems.check(minimumIdle >= 0 && minimumIdle <= maximumPoolSize,
                "minimumIdle is %d: set it between 0 and maximumPoolSize (%d) (default 2)", minimumIdle, maximumPoolSize);
        problems.check(connectionTimeout != null && connectionTimeout.toMillis() >= 250,
                "connectionTimeout must be at least 250 ms (default 10 s)");
        problems.check(statementTimeout != null && statementTimeout.toSeconds() >= 1,
                "statementTimeout must be at least 1 s (default 30 s)");
    }

    public static void settings(List<Setting<?>> settings, List<PortalModule> ordered, Problems problems) {
        Map<String, Setting<?>> seen = new HashMap<>();
        List<Setting<?>> all = new ArrayList<>(settings);
        ordered.forEach(m -> all.addAll(m.settings()));
        for (Setting<?> s : all) {
            if (s == null) {
                problems.check(false, "settings(...) was given null");
                continue;
            }
            Setting<?> previous = seen.putIfAbsent(s.key(), s);
            problems.check(previous == null || previous.equals(s),
                    "setting %s is declared twice with different types or defaults", s.key());
        }
    }
}
