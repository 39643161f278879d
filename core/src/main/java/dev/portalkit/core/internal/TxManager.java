package dev.portalkit.core.internal;

import dev.portalkit.core.CoreError;
import dev.portalkit.core.PortalException;
import dev.portalkit.core.spi.HostTransaction;
import dev.portalkit.core.spi.HostTransactions;
import dev.portalkit.core.spi.Transactions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.defaults.DefaultSqlSession;
import org.apache.ibatis.transaction.managed.ManagedTransaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MyBatis session (one connection, one transaction) per outermost call, bound to the thread;
 * inner calls join it. A failure inside marks the transaction rollback-only, so a host that catches
 * it inside {@code inTransaction} cannot commit half of the work.
 *
 * <p>When the host has a transaction of its own on the thread ({@link #joining}, or one its framework
 * reports through {@link HostTransactions}), the outermost call runs on that transaction's connection
 * instead: its statements and audit rows go there, nothing is committed, rolled back or retried here,
 * and a failure marks the host's transaction rollback-only.
 */
public final class TxManager implements Transactions {

    private static final Logger LOG = LoggerFactory.getLogger(TxManager.class);
    private static final int RETRY_ATTEMPTS = 3;

    private final SqlSessionFactory sessions;
    private final ConnectionGate gate;
    private final ExceptionTranslator translator;
    private final DataSource dataSource;
    private final HostTransactions hostTransactions;
    private final ThreadLocal<Tx> current = new ThreadLocal<>();
    private volatile boolean closed;

    TxManager(SqlSessionFactory sessions, ConnectionGate gate, ExceptionTranslator translator, DataSource dataSource,
              HostTransactions hostTransactions) {
        this.sessions = sessions;
        this.gate = gate;
        this.translator = translator;
        this.dataSource = dataSource;
        this.hostTransactions = hostTransactions;
    }

    @Override
    public <T> T call(Supplier<T> work) {
        Tx tx = current.get();
        if (tx == null) {
            HostTransaction host = host();
            return host == null ? outermost(work) : hosted(host, work);
        }
        tx.depth++;
        try {
            return work.get();
        } catch (RuntimeException e) {
            RuntimeException translated = translator.translate(e);
            if (tx.rollbackCause == null) {
                tx.rollbackCause = translated;
            }
            throw translated;
        } finally {
            tx.depth--;
        }
    }

    @Override
    public <T> T callRetrying(Supplier<T> work) {
        if (current.get() != null) {
            return call(work);
        }
        HostTransaction host = host();
        if (host != null) {
            return hosted(host, work); // the host's transaction is the host's to repeat
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return outermost(work);
            } catch (PortalException e) {
                boolean raced = e.code() == CoreError.SERIALIZATION_FAILURE || e.code() == CoreError.DEADLOCK;
                if (!raced || attempt >= RETRY_ATTEMPTS) {
                    throw e;
                }
                LOG.debug("Retrying after {} (attempt {} of {})", e.code(), attempt, RETRY_ATTEMPTS);
                pause(attempt);
            }
        }
    }

    @Override
    public <T> T read(Supplier<T> work) {
        if (current.get() != null) {
            return call(work);
        }
        HostTransaction host = host();
        if (host != null) {
            return hosted(host, work); // sees what the host wrote before it
        }
        Tx tx = begin(true);
        try {
            return work.get();
        } catch (RuntimeException e) {
            throw translator.translate(e);
        } finally {
            current.remove();
            tx.closeQuietly();
        }
    }

    /** Opens the thread's transaction, or (autocommit) a connection for {@link #read}, refusing after {@link #close()}. */
    private Tx begin(boolean autocommit) {
        if (closed) {
            throw new PortalException(CoreError.PORTAL_CLOSED);
        }
        Tx tx;
        try {
            tx = new Tx(open(autocommit), autocommit, null);
        } catch (RuntimeException e) {
            throw translator.translate(e);
        }
        current.set(tx);
        return tx;
    }

    private <T> T outermost(Supplier<T> work) {
        Tx tx = begin(false);
        boolean committed = false;
        try {
            T result = work.get();
            if (tx.rollbackCause != null) {
                throw new PortalException(CoreError.TRANSACTION_ROLLED_BACK, tx.rollbackCause, tx.rollbackCause.getMessage());
            }
            if (tx.committer != null) {
                tx.committer.run();
            }
            // After a committer this is a no-op for the driver (its transaction is already over),
            // but it resets MyBatis' own state; without one it is the COMMIT.
            tx.session.commit(true);
            committed = true;
            return result;
        } catch (RuntimeException e) {
            tx.rollbackQuietly();
            throw translator.translate(e);
        } finally {
            current.remove();
            tx.closeQuietly();
            if (committed) {
                tx.runAfterCommit();
            }
        }
    }

    /**
     * Runs {@code work} on the host's transaction {@code host}, which must not be one of PortalKit's:
     * the plain-JDBC form of {@link HostTransactions}. A call already running on the same connection
     * joins it.
     */
    <T> T joining(HostTransaction host, Connection connection, Supplier<T> work) {
        Tx tx = current.get();
        if (tx == null) {
            return hosted(host, work);
        }
        if (tx.host == null || tx.host.connection() != connection) {
            throw new PortalException(CoreError.INVALID_ARGUMENT, "joining(connection, ...) inside "
                    + (tx.host == null ? "inTransaction: PortalKit's transaction is already open on this thread"
                    : "a call joined to another connection: one thread runs in one transaction"));
        }
        return call(work);
    }

    /**
     * The outermost call in a host's transaction: statements and audit rows on its connection; no
     * COMMIT, ROLLBACK or retry; a PortalKit failure, caught by the host or not, makes the host's
     * transaction roll back; after-commit actions wait for the host's commit.
     */
    private <T> T hosted(HostTransaction host, Supplier<T> work) {
        Tx tx = null;
        try {
            if (closed) {
                throw new PortalException(CoreError.PORTAL_CLOSED);
            }
            tx = new Tx(hostedSession(host.connection()), false, host);
            current.set(tx);
            T result = work.get();
            if (tx.rollbackCause != null) {
                throw new PortalException(CoreError.TRANSACTION_ROLLED_BACK, tx.rollbackCause, tx.rollbackCause.getMessage());
            }
            if (tx.committer != null) {
                tx.committer.run(); // the audit rows, without COMMIT (AuditWriter)
            }
            return result;
        } catch (RuntimeException e) {
            RuntimeException translated = translator.translate(e);
            // PortalKit's failures mark the host's transaction, so that catching them cannot commit half
            // of the work; the host's own exception passes unchanged and the host decides.
            if (tx != null && tx.rollbackCause != null) {
                host.setRollbackOnly(tx.rollbackCause instanceof PortalException p ? p
                        : new PortalException(CoreError.TRANSACTION_ROLLED_BACK, tx.rollbackCause, tx.rollbackCause.getMessage()));
            } else if (translated instanceof PortalException p) {
                host.setRollbackOnly(p);
            }
            throw translated;
        } finally {
            if (tx != null) {
                current.remove();
                tx.closeQuietly(); // a managed transaction that never closes the host's connection
            }
            host.release();
        }
    }

    /** A MyBatis session on the host's connection that neither commits, rolls back nor closes it. */
    private SqlSession hostedSession(Connection connection) {
        Configuration configuration = sessions.getConfiguration();
        ManagedTransaction managed = new ManagedTransaction(connection, false);
        return new DefaultSqlSession(configuration,
                configuration.newExecutor(managed, configuration.getDefaultExecutorType()), false);
    }

    /** The host's transaction on this thread, when the framework reports one. */
    private HostTransaction host() {
        return hostTransactions == null ? null : hostTransactions.current(dataSource);
    }

    /**
     * Marks the open transaction rollback-only because a call inside it failed with {@code cause}:
     * its end then rolls back and reports {@link CoreError#TRANSACTION_ROLLED_BACK}. Nothing when no
     * transaction is open (the failed call was the whole transaction and rolled back by itself).
     */
    void markRollbackOnly(PortalException cause) {
        Tx tx = current.get();
        if (tx != null) {
            if (tx.rollbackCause == null) {
                tx.rollbackCause = cause;
            }
            return;
        }
        // Refused before it began (bad input): the host's transaction is marked all the same.
        HostTransaction host = host();
        if (host != null) {
            try {
                host.setRollbackOnly(cause);
            } finally {
                host.release();
            }
        }
    }

    @Override
    public <M> M mapper(Class<M> type) {
        return require().session.getMapper(type);
    }

    /** Whether a transaction is open on this thread: PortalKit's own, or a host's it would join. */
    @Override
    public boolean active() {
        if (current.get() != null) {
            return true;
        }
        HostTransaction host = host();
        if (host == null) {
            return false;
        }
        host.release();
        return true;
    }

    /** Whether the open transaction is a host's: its audit rows go without COMMIT. */
    boolean hosted() {
        return require().host != null;
    }

    @Override
    public void afterCommit(Runnable action) {
        Tx tx = require();
        if (tx.autocommit) {
            throw new IllegalStateException("Transactions.read has no commit to run after");
        }
        if (tx.host != null) {
            tx.host.afterCommit(action); // never runs if this call fails: that marks the host's transaction
        } else {
            tx.afterCommit.add(action);
        }
    }

    /**
     * Makes {@code committer} end the current transaction: it runs last and must send its final
     * statement together with COMMIT, saving the round trip a separate COMMIT would cost.
     */
    void commitWith(Runnable committer) {
        Tx tx = require();
        if (tx.autocommit) {
            throw new IllegalStateException("Nothing may be audited in Transactions.read: it has no transaction to commit");
        }
        if (tx.committer != null) {
            throw new IllegalStateException("A transaction has one committer");
        }
        tx.committer = committer;
    }

    /**
     * Whether a statement run now may end the transaction with COMMIT: it runs in the body of
     * the outermost transaction (not in a call joined to it, nor in a host's inTransaction).
     */
    boolean mayEndHere() {
        Tx tx = require();
        return !tx.autocommit && tx.host == null && tx.depth == 0 && tx.rollbackCause == null;
    }

    /** The transaction's audit buffer, made on first use with {@code flush} as its committer. */
    List<NewActivity> auditRows(Consumer<List<NewActivity>> flush) {
        Tx tx = require();
        if (tx.auditRows == null) {
            List<NewActivity> rows = new ArrayList<>();
            commitWith(() -> flush.accept(rows));
            tx.auditRows = rows;
        }
        return tx.auditRows;
    }

    Tx require() {
        Tx tx = current.get();
        if (tx == null) {
            throw new IllegalStateException("No PortalKit transaction is open on this thread");
        }
        return tx;
    }

    /** New calls fail with PK-1004 at once; calls waiting for a connection end with it too. */
    void close() {
        closed = true;
        gate.close();
    }

    /**
     * A session on a connection taken now through the gate (not lazily by MyBatis at the first
     * statement), so that {@link #close()} can end a call waiting for one with PK-1004.
     */
    private SqlSession open(boolean autocommit) {
        Connection c;
        try {
            c = gate.acquire();
        } catch (SQLException e) {
            throw translator.translate(e);
        }
        try {
            if (c.getAutoCommit() != autocommit) {
                c.setAutoCommit(autocommit);
            }
            return sessions.openSession(c);
        } catch (SQLException | RuntimeException e) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // Already failing; the pool discards a broken connection.
            }
            throw e instanceof SQLException sql ? translator.translate(sql) : translator.translate((RuntimeException) e);
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PortalException(CoreError.SERIALIZATION_FAILURE);
        }
    }
}
