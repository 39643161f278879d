package dev.portalkit.resilience;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * Every PortalKit table of schema {@code portal}, read beside PortalKit on a connection of its own
 * (never the Portal's pool, which a test may have made one connection small and keep busy).
 */
final class Tables {

    /** A table's row count and a digest of its whole content. */
    record State(long rows, String digest) {
    }

    private final DataSource ds;

    Tables(DataSource ds) {
        this.ds = ds;
    }

    /** Row counts of every table. */
    Map<String, Long> counts() {
        return counts(snapshot());
    }

    /** The row counts of a snapshot. */
    static Map<String, Long> counts(Map<String, State> snapshot) {
        Map<String, Long> out = new LinkedHashMap<>();
        snapshot.forEach((t, s) -> out.put(t, s.rows()));
        return out;
    }

    /** Row count and content digest of every table: equal snapshots mean nothing was written. */
    Map<String, State> snapshot() {
        Map<String, State> out = new LinkedHashMap<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (String t : names(s)) {
                try (ResultSet rs = s.executeQuery("SELECT count(*), md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), ''))"
                        + " FROM portal.\"" + t + "\" x")) {
                    rs.next();
                    out.put(t, new State(rs.getLong(1), rs.getString(2)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /**
     * Every object of schema {@code portal} a restore could lose, one line each ("constraint
     * portal.bookings bookings_no_overlap", "index ...", "trigger ...", "view ...", "function ...",
     * "sequence ...") plus each extension of the database ("extension btree_gist"). Functions that
     * belong to an extension are left out: they come and go with their extension's line.
     */
    Set<String> objects() {
        Set<String> out = new TreeSet<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                     SELECT 'constraint ' || conrelid::regclass || ' ' || conname FROM pg_constraint
                      WHERE connamespace = 'portal'::regnamespace
                     UNION ALL
                     SELECT 'index ' || indexrelid::regclass FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid
                      WHERE x.relnamespace = 'portal'::regnamespace
                     UNION ALL
                     SELECT 'trigger ' || tgrelid::regclass || ' ' || tgname
                       FROM pg_trigger t JOIN pg_class x ON x.oid = t.tgrelid
                      WHERE x.relnamespace = 'portal'::regnamespace AND NOT t.tgisinternal
                     UNION ALL
                     SELECT CASE relkind WHEN 'S' THEN 'sequence ' ELSE 'view ' END || oid::regclass FROM pg_class
                      WHERE relnamespace = 'portal'::regnamespace AND relkind IN ('S', 'v', 'm')
                     UNION ALL
                     SELECT 'function ' || p.oid::regprocedure FROM pg_proc p
                      WHERE pronamespace = 'portal'::regnamespace
                        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                                           AND d.objid = p.oid AND d.deptype = 'e')
                     UNION ALL
                     SELECT 'extension ' || extname FROM pg_extension""")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** The tables whose content differs between two snapshots. */
    static Set<String> changed(Map<String, State> before, Map<String, State> after) {
        Set<String> out = new TreeSet<>();
        after.forEach((t, s) -> {
            if (!s.equals(before.get(t))) {
                out.add(t);
            }
        });
        return out;
    }

    private static List<String> names(Statement s) throws SQLException {
        List<String> tables = new ArrayList<>();
        // Partitions are read through their parent (messaging's email_logs): future months are empty by nature.
        try (ResultSet rs = s.executeQuery("SELECT relname FROM pg_class WHERE relnamespace = 'portal'::regnamespace"
                + " AND relkind IN ('r', 'p') AND NOT relispartition ORDER BY 1")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }
}
