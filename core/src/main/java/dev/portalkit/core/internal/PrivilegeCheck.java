package dev.portalkit.core.internal;

import dev.portalkit.core.CoreError;
import dev.portalkit.core.MigrationMode;
import dev.portalkit.core.PortalConfig;
import dev.portalkit.core.PortalException;
import dev.portalkit.core.TransientException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up least-privilege check ({@code Portal.Builder.requireLeastPrivilege}): one catalog
 * query on a pooled connection, after migrations. Not API.
 *
 * <p>It judges every role the pool's session user can become ({@code pg_has_role(session_user, r,
 * 'MEMBER')}), not only {@code current_user}: a pool that {@code SET ROLE}s to a small role, or a
 * role that is a member of the owner, can switch back to the larger one with one statement. A role
 * that owns the schema or an object in it can alter or drop it and disable the audit trail's
 * triggers; one that may CREATE in the schema can plant a function or operator that PortalKit's
 * functions (some run as their owner) would resolve to. BYPASSRLS is not judged: PortalKit defines
 * no row-level security.
 */
final class PrivilegeCheck {

    private static final Logger LOG = LoggerFactory.getLogger(PrivilegeCheck.class);

    /** Logged once per finding in a JVM: a host's second Portal, or a test suite's hundredth, adds nothing. */
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private static final String SQL = """
            WITH me AS (
                SELECT r.oid, r.rolname, r.rolsuper FROM pg_roles r WHERE pg_has_role(session_user, r.oid, 'MEMBER')
            ), s AS (
                SELECT n.oid, n.nspowner FROM pg_namespace n WHERE n.nspname = ?
            ), owned AS (
                SELECT me.rolname, o.kind, o.name
                  FROM (SELECT c.relowner AS owner, 0 AS kind, c.relname::text AS name
                          FROM pg_class c JOIN s ON c.relnamespace = s.oid
                         WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
                        UNION ALL
                        SELECT p.proowner, 1, p.proname || '()' FROM pg_proc p JOIN s ON p.pronamespace = s.oid
                        UNION ALL
                        SELECT t.typowner, 2, t.typname::text FROM pg_type t JOIN s ON t.typnamespace = s.oid
                         WHERE t.typtype IN ('e', 'd', 'r', 'm')) o
                  JOIN me ON me.oid = o.owner
            )
            SELECT session_user::text,
                   (SELECT string_agg(rolname, ', ' ORDER BY rolname) FROM me WHERE rolsuper),
                   (SELECT string_agg(me.rolname, ', ') FROM s JOIN me ON me.oid = s.nspowner),
                   (SELECT count(*) FROM owned),
                   (SELECT string_agg(DISTINCT rolname, ', ') FROM owned),
                   (SELECT string_agg(name, ', ' ORDER BY kind, name) FROM (SELECT kind, name FROM owned ORDER BY kind, name LIMIT 5) f),
                   (SELECT string_agg(me.rolname, ', ' ORDER BY me.rolname) FROM me, s
                     WHERE has_schema_privilege(me.oid, s.oid, 'CREATE')),
                   (SELECT string_agg(p, ', ' ORDER BY p) FROM pg_class c JOIN s ON c.relnamespace = s.oid,
                           unnest(ARRAY['UPDATE', 'DELETE', 'TRUNCATE']) p
                     WHERE c.relname = 'activity_logs'
                       AND EXISTS (SELECT 1 FROM me WHERE has_table_privilege(me.oid, c.oid, p))),
                   (SELECT string_agg(c.relname, ', ' ORDER BY c.relname) FROM pg_class c JOIN s ON c.relnamespace = s.oid
                     WHERE c.relkind = 'r' AND c.relname LIKE 'portalkit\\_%\\_history'
                       AND EXISTS (SELECT 1 FROM me WHERE has_table_privilege(me.oid, c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE'))),
                   (SELECT string_agg(p || ' ' || c.relname, ', ' ORDER BY c.relname, p) FROM pg_class c JOIN s ON c.relnamespace = s.oid,
                           unnest(ARRAY['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']) p
                     WHERE (c.relname IN ('activity_log_seals', 'activity_log_checkpoints', 'activity_log_erasures',
                                          'activity_log_txid_shifts', 'activity_log_removals')
                            OR c.relispartition AND EXISTS (SELECT 1 FROM pg_inherits i JOIN pg_class t ON t.oid = i.inhparent
                                                            WHERE i.inhrelid = c.oid AND t.relname = 'activity_logs'
                                                              AND t.relnamespace = s.oid))
                       AND (p <> 'INSERT' OR c.relname NOT IN ('activity_log_seals', 'activity_log_checkpoints'))
                       AND EXISTS (SELECT 1 FROM me WHERE has_table_privilege(me.oid, c.oid, p)))
            """;

    private PrivilegeCheck() {
    }

    /** Warns, or refuses with {@link CoreError#PRIVILEGED_RUNTIME_ROLE}, when the pool's role has more rights than it needs. */
    static void run(DataSource pool, PortalConfig config) {
        List<String> findings = new ArrayList<>();
        String role;
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(SQL)) {
            ps.setString(1, config.schema());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                role = rs.getString(1);
                findings.addAll(findings(config.schema(), rs));
            }
            if (!c.getAutoCommit()) {
                c.rollback(); // a host's pool gets its connection back without an open transaction
            }
        } catch (SQLException e) {
            throw new TransientException(CoreError.DATABASE_UNAVAILABLE, e,
                    "cannot check the pool's database role (SQLState " + e.getSQLState() + "): " + e.getMessage());
        }
        if (findings.isEmpty()) {
            return;
        }
        PortalException problem = new PortalException(CoreError.PRIVILEGED_RUNTIME_ROLE, role,
                "  - " + String.join(System.lineSeparator() + "  - ", findings), fix(config));
        if (config.requireLeastPrivilege()) {
            throw problem;
        }
        if (WARNED.add(role + "|" + config.schema() + "|" + findings)) {
            LOG.warn("{} (starting anyway; Portal.builder().requireLeastPrivilege(true) refuses instead)", problem.getMessage());
        }
    }

    private static List<String> findings(String schema, ResultSet rs) throws SQLException {
        List<String> out = new ArrayList<>();
        String role = rs.getString(1);
        String superusers = rs.getString(2);
        if (superusers != null) {
            // A superuser passes every other test too: one finding says it all.
            out.add(List.of(superusers.split(", ")).contains(role)
                    ? "it is a superuser: it can do anything, switching off the audit trail's triggers included"
                    : "it can become a superuser (" + superusers + "): it can do anything, switching off the audit"
                            + " trail's triggers included");
            return out;
        }
        String schemaOwner = rs.getString(3);
        if (schemaOwner != null) {
            out.add("it owns schema " + schema + (schemaOwner.equals(role) ? "" : " (as " + schemaOwner + ")")
                    + ", so it can drop it with every table in it");
        }
        long owned = rs.getLong(4);
        if (owned > 0) {
            out.add("it owns " + owned + " object(s) in schema " + schema + " (as " + rs.getString(5) + "; e.g. "
                    + rs.getString(6) + "), so it can alter or drop them and disable their triggers,"
                    + " the audit trail's append-only ones included");
        }
        String creators = rs.getString(7);
        if (creators != null) {
            out.add("it may CREATE objects in schema " + schema + " (as " + creators + "), so it can plant functions"
                    + " or operators that PortalKit's own functions would call");
        }
        if (owned > 0) {
            return out; // an owner may write whatever it owns: the finding above says it
        }
        String auditWrites = rs.getString(8);
        if (auditWrites != null) {
            out.add("it may " + auditWrites + " " + schema + ".activity_logs, which is append-only: grant it INSERT and"
                    + " SELECT only");
        }
        String seals = rs.getString(10);
        if (seals != null) {
            out.add("it may " + seals + " in schema " + schema + ", the audit trail's append-only seals, checkpoints,"
                    + " erasures, txid shifts, removals and partitions: grant it INSERT and SELECT on activity_log_seals"
                    + " and activity_log_checkpoints, SELECT on activity_log_erasures, activity_log_txid_shifts and"
                    + " activity_log_removals, and nothing on activity_logs' partitions (it writes them through"
                    + " activity_logs; SELECT portal.activity_logs_protect(inhrelid::regclass) FROM pg_inherits WHERE"
                    + " inhparent = 'portal.activity_logs'::regclass, as the owner, takes such grants back)");
        }
        String histories = rs.getString(9);
        if (histories != null) {
            out.add("it may write the migration history (" + histories + "), so it can mark a pending migration as"
                    + " applied and the owner would skip it: PortalKit takes these rights back whenever it migrates"
                    + " (MigrationMode.APPLY); a host that migrates itself revokes INSERT, UPDATE, DELETE and TRUNCATE"
                    + " on them");
        }
        return out;
    }

    private static String fix(PortalConfig config) {
        String fix = "connect the pool as a runtime role that is no superuser, owns nothing in schema " + config.schema()
                + " and has USAGE on it with DML grants only, and run migrations as the schema's owner with"
                + " Portal.builder().migrationDataSource(ownerDataSource); the README section \"Least privilege: two"
                + " roles\" has the SQL.";
        if (config.migration() == MigrationMode.APPLY && config.migrationDataSource() == null) {
            fix += " This Portal migrates over its own pool (migration APPLY, no migrationDataSource), which only"
                    + " the owner can: set migrationDataSource.";
        }
        return fix;
    }
}
