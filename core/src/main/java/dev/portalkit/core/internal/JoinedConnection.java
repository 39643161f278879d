package dev.portalkit.core.internal;

import dev.portalkit.core.PortalException;
import dev.portalkit.core.ValidationException;
import dev.portalkit.core.spi.HostTransaction;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;
import org.postgresql.jdbc.AutoSave;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A plain JDBC host's transaction ({@code Portal.joining}). PortalKit cannot see its commit, so a
 * failure makes the database itself refuse it: a statement that raises an error leaves the
 * transaction aborted, every later statement fails with SQLState 25P02, and PostgreSQL answers the
 * COMMIT with a ROLLBACK.
 */
final class JoinedConnection implements HostTransaction {

    private static final Logger LOG = LoggerFactory.getLogger(JoinedConnection.class);
    private static final String ABORT = "DO $pk$BEGIN RAISE EXCEPTION 'PortalKit: a call in this transaction failed,"
            + " so it can only roll back' USING ERRCODE = '40000'; END$pk$";

    private final Connection connection;

    private JoinedConnection(Connection connection) {
        this.connection = connection;
    }

    /** The host's connection checked: open, in a transaction, and able to stay aborted. */
    static JoinedConnection of(Connection connection) {
        if (connection == null) {
            throw new ValidationException("connection", "is required: the host's connection, in a transaction");
        }
        try {
            if (connection.isClosed()) {
                throw new ValidationException("connection", "is closed");
            }
            if (connection.getAutoCommit()) {
                throw new ValidationException("connection", "is in autocommit mode: call setAutoCommit(false) first,"
                        + " so that there is a transaction to join");
            }
            if (connection.isWrapperFor(PGConnection.class)
                    && connection.unwrap(PGConnection.class).getAutosave() == AutoSave.ALWAYS) {
                throw new ValidationException("connection", "uses autosave=always, which rolls a failed statement back"
                        + " to a savepoint: a failed PortalKit call could then be committed in part");
            }
        } catch (SQLException e) {
            throw new ValidationException("connection", "cannot be used: " + e.getSQLState());
        }
        return new JoinedConnection(connection);
    }

    @Override
    public Connection connection() {
        return connection;
    }

    @Override
    public void setRollbackOnly(PortalException cause) {
        try (Statement s = connection.createStatement()) {
            s.execute(ABORT);
        } catch (SQLException expected) {
            // 40000 is the point; 25P02 means the failure had aborted it already.
            LOG.debug("Host transaction marked rollback-only after {} ({})", cause.code().id(), expected.getSQLState());
        }
    }

    @Override
    public void afterCommit(Runnable action) {
        throw new UnsupportedOperationException("a plain JDBC transaction joined with Portal.joining has no commit"
                + " PortalKit can see: nothing can run after it");
    }
}
