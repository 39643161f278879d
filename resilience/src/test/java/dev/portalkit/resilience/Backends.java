package dev.portalkit.resilience;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Future;
import javax.sql.DataSource;

/**
 * Holds locks in a transaction of its own so that a PortalKit operation blocks inside its
 * transaction, finds that operation's backend and terminates it, as an operator (or a failover)
 * would: {@code pg_terminate_backend} from a second connection.
 */
final class Backends implements AutoCloseable {

    /** The blocked backend: its pid, whether its transaction had written already, what it ran. */
    record Blocked(int pid, boolean wroteAlready, String query) {
    }

    private final Connection holder;
    private final Connection admin;
    private final int holderPid;
    private boolean auditGate;

    Backends(DataSource ds) {
        try {
            holder = ds.getConnection();
            holder.setAutoCommit(false);
            admin = ds.getConnection();
            try (ResultSet rs = holder.createStatement().executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                holderPid = rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Makes the next audit rows wait, each at its own INSERT: a row trigger the test adds to activity_logs
     * (once; it lets every row through at once unless the lock is held) waits for an advisory lock the
     * holder takes. Every audited PortalKit write inserts its audit rows just before it commits (or after
     * the change, in its last statement): the operation blocks after all its own writes, at the last
     * statement of its transaction. (Until core V11 the holder inserted rows at the next seq values, so the
     * next audit INSERT waited on their unique check; since V11 that key is (seq, created_at), which a row
     * of another transaction's clock never matches. A table lock would block a one-statement write before
     * its first row.)
     */
    void blockAuditInserts() {
        if (!auditGate) {
            try (Statement s = admin.createStatement()) {
                s.execute("""
                        CREATE OR REPLACE FUNCTION portal.resilience_audit_gate() RETURNS trigger LANGUAGE plpgsql AS $$
                        BEGIN
                            PERFORM pg_advisory_lock_shared(7270001);
                            PERFORM pg_advisory_unlock_shared(7270001);
                            RETURN NEW;
                        END $$""");
                s.execute("DROP TRIGGER IF EXISTS resilience_audit_gate ON portal.activity_logs");
                s.execute("CREATE TRIGGER resilience_audit_gate BEFORE INSERT ON portal.activity_logs"
                        + " FOR EACH ROW EXECUTE FUNCTION portal.resilience_audit_gate()");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            auditGate = true;
        }
        execute("SELECT pg_advisory_xact_lock(7270001)");
    }

    /** Locks one row ({@code FOR UPDATE}): writers of it and foreign-key checks against it wait. */
    void lockRow(String table, UUID id) {
        execute("SELECT 1 FROM portal." + table + " WHERE id = ? FOR UPDATE", id);
    }

    /** Ends the holder's transaction, releasing every lock it took. */
    void release() {
        try {
            holder.rollback();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until a backend of this database is blocked by one of our locks and returns it; fails
     * early if {@code operation} ends without blocking.
     */
    Blocked awaitBlocked(Future<?> operation, Duration max) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            try (PreparedStatement ps = admin.prepareStatement("""
                    SELECT pid, backend_xid IS NOT NULL, query FROM pg_stat_activity
                     WHERE datname = current_database() AND wait_event_type = 'Lock'
                       AND ? = ANY (pg_blocking_pids(pid))""")) {
                ps.setInt(1, holderPid);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return new Blocked(rs.getInt(1), rs.getBoolean(2), rs.getString(3));
                    }
                }
            }
            if (operation.isDone()) {
                operation.get(); // shows its exception, if any
                throw new AssertionError("The operation finished without blocking on the test's lock");
            }
            Thread.sleep(10);
        }
        throw new AssertionError("No backend blocked on the test's lock within " + max);
    }

    /** {@code pg_terminate_backend(pid)}; true when the backend was signalled. */
    boolean terminate(int pid) {
        try (PreparedStatement ps = admin.prepareStatement("SELECT pg_terminate_backend(?)")) {
            ps.setInt(1, pid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a backend with this pid still exists. */
    boolean alive(int pid) {
        try (PreparedStatement ps = admin.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE pid = ?")) {
            ps.setInt(1, pid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void execute(String sql, Object... params) {
        try (PreparedStatement ps = holder.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            holder.rollback();
            holder.close();
            admin.close();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
