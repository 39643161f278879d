package dev.portalkit.core.internal;

import dev.portalkit.core.CoreError;
import dev.portalkit.core.PortalException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every PortalKit transaction gets its connection, so that {@link #close()} can end the calls
 * still waiting for one: otherwise they would wait out the pool's whole connection timeout after the
 * Portal is gone (a host's pool stays open, and HikariCP's close does not wake its waiters either).
 *
 * <p>Closing interrupts exactly the threads that are inside {@code getConnection()} at that moment
 * (the set is guarded by this object's lock, and a thread leaves it before its interrupt could land
 * anywhere else). A waiting thread sees its pool give up on the interrupt (HikariCP throws at once),
 * clears the interrupt this class caused and fails with {@code PK-1004}. A pool that ignores
 * interrupts still ends its waiters at its own timeout, with {@code PK-1004} too.
 */
final class ConnectionGate {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGate.class);

    private final DataSource dataSource;
    private final Set<Thread> waiting = new HashSet<>();
    private final Set<Thread> interrupted = new HashSet<>();
    private boolean closed;

    ConnectionGate(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * A connection from the pool.
     *
     * @throws PortalException {@code PK-1004} when the Portal is closed, before or while waiting
     * @throws SQLException    when the pool or the database fails otherwise
     */
    Connection acquire() throws SQLException {
        Thread me = Thread.currentThread();
        synchronized (this) {
            if (closed) {
                throw new PortalException(CoreError.PORTAL_CLOSED);
            }
            waiting.add(me);
        }
        Connection connection = null;
        Exception failure = null;
        boolean ours;
        boolean closedNow;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException | RuntimeException e) {
            failure = e;
        } finally {
            synchronized (this) {
                waiting.remove(me);
                ours = interrupted.remove(me);
                closedNow = closed;
            }
        }
        if (ours) {
            // The pool re-asserts the interrupt before it throws (HikariCP does): it was ours, take it back.
            Thread.interrupted();
        }
        if (closedNow && (ours || failure != null)) {
            closeQuietly(connection);
            PortalException closedError = new PortalException(CoreError.PORTAL_CLOSED);
            if (failure != null) {
                closedError.initCause(failure);
            }
            throw closedError;
        }
        if (failure instanceof SQLException sql) {
            throw sql;
        }
        if (failure != null) {
            throw (RuntimeException) failure;
        }
        return connection;
    }

    /** Refuses new calls and ends the waiting ones; connections in use are left to their calls. */
    void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            for (Thread t : waiting) {
                interrupted.add(t);
                t.interrupt();
            }
        }
    }

    private static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debug("Returning a connection after close failed (SQLState {})", e.getSQLState());
        }
    }
}
