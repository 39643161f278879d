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
    /** The caller (read-your-writes key) the thread acts for, or null; see {@link #bindCaller}. */
    private final ThreadLocal<String> caller = new ThreadLocal<>();
    /** Null when no read replica is configured. */
    private final ReplicaRouter replicas;
    private volatile boolean closed;

    TxManager(SqlSessionFactory sessions, ConnectionGate gate, ExceptionTranslator translator, DataSource dataSource,
              HostTransactions hostTransactions) {
        this(sessions, gate, translator, dataSource, hostTransactions, null);
    }

    TxManager(SqlSessionFactory sessions, ConnectionGate gate, ExceptionTranslator translator, DataSource dataSource,
              HostTransactions hostTransactions, ReplicaRouter replicas) {
        this.sessions = sessions;
        this.gate = gate;
        this.translator = translator;
        this.dataSource = dataSource;
        this.hostTransactions = hostTransactions;
        this.replicas = replicas;
    }

    @Override
    public <T> T call(Supplier<T> work) {
        Tx tx = current.get();
        if (tx == null) {
            HostTransaction host = host();
            return host == null ? outermost(work) : hosted(host, work, true);
        }
        if (tx.replica) {
            // A replica is read-only; a call that may write never runs on one, and never silently elsewhere.
            throw new IllegalStateException("Transactions.call inside Transactions.readReplica: a replica read cannot write");
        }
        return join(tx, work);
    }

    /** Runs {@code work} inside the thread's open transaction {@code tx}. */
    private <T> T join(Tx tx, Supplier<T> work) {
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
            return hosted(host, work, true); // the host's transaction is the host's to repeat
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
        Tx tx = current.get();
        if (tx != null) {
            return join(tx, work);
        }
        HostTransaction host = host();
        if (host != null) {
            return hosted(host, work, false); // sees what the host wrote before it
        }
        return readOnPrimary(work);
    }

    private <T> T readOnPrimary(Supplier<T> work) {
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

    /**
     * {@link #read}, on a replica when one is up, within its lag limit and has replayed the bound
     * caller's last write (README, "Read replicas"). A replica that fails the read for its own sake
     * (connection lost, shutting down, a conflict with replay) is skipped and the read runs again
     * on the primary: the caller sees no error.
     */
    @Override
    public <T> T readReplica(Supplier<T> work) {
        Tx open = current.get();
        if (replicas == null || open != null) {
            return read(work);
        }
        HostTransaction host = host();
        if (host != null) {
            return hosted(host, work, false); // the host's connection: it may hold the host's own writes
        }
        if (closed) {
            throw new PortalException(CoreError.PORTAL_CLOSED);
        }
        ReplicaRouter.Lease lease = replicas.choose(caller.get());
        if (lease != null) {
            Tx tx;
            try {
                tx = new Tx(sessions.openSession(lease.connection()), true, null, true);
            } catch (RuntimeException e) {
                closeQuietly(lease.connection());
                throw translator.translate(e);
            }
            current.set(tx);
            try {
                T result = work.get();
                replicas.served(true);
                return result;
            } catch (RuntimeException e) {
                if (!ReplicaRouter.replicaFailure(e)) {
                    throw translator.translate(e);
                }
                replicas.failed(lease.replica(), e);
                LOG.debug("A replica read failed for the replica's sake; reading from the primary");
            } finally {
                current.remove();
                tx.closeQuietly();
            }
        }
        replicas.served(false);
        return readOnPrimary(work);
    }

    /**
     * Makes the thread act for {@code key} (a caller's read-your-writes key; null keeps the current
     * one): a transaction open now or begun later records its commit for it. Returns the previous key
     * for {@link #restoreCaller}.
     */
    String bindCaller(String key) {
        String previous = caller.get();
        if (key != null) {
            caller.set(key);
            Tx tx = current.get();
            if (tx != null) {
                tx.addCaller(key);
            }
        }
        return previous;
    }

    void restoreCaller(String previous) {
        if (previous == null) {
            caller.remove();
        } else {
            caller.set(previous);
        }
    }

    /** Runs {@code work} acting for {@code key} ({@link #bindCaller}). */
    <T> T onBehalfOf(String key, Supplier<T> work) {
        String previous = bindCaller(key);
        try {
            return work.get();
        } finally {
            restoreCaller(previous);
        }
    }

    /** The read-your-writes key of a caller: its actor, else its request id, else none. */
    static String callerKey(dev.portalkit.core.CallContext c) {
        if (c == null) {
            return null;
        }
        if (c.actorId() != null) {
            return "actor:" + c.actorId();
        }
        return c.requestId() == null ? null : "request:" + c.requestId();
    }

    /** The router, for tests of this package; null without replicas. */
    ReplicaRouter replicas() {
        return replicas;
    }

    /**
     * The primary's WAL insert position now, on {@code c} (autocommit, after a COMMIT): at or past the
     * commit just made. {@link ReplicaRouter#UNKNOWN} if it cannot be read, so the callers wait out the
     * whole window rather than read a replica that may lack their write.
     */
    private static long positionAfterCommit(Connection c) {
        try {
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true); // after COMMIT nothing is open: no round trip
            }
            try (java.sql.Statement s = c.createStatement();
                 java.sql.ResultSet rs = s.executeQuery("SELECT pg_current_wal_insert_lsn()::text")) {
                rs.next();
                return ReplicaRouter.Lsn.parse(rs.getString(1));
            }
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Reading the WAL position after a commit failed: {}", e.getClass().getSimpleName());
            return ReplicaRouter.UNKNOWN;
        }
    }

    /** The primary's WAL insert position on a connection of its own, after a host's commit. */
    private long positionNow() {
        try (Connection c = dataSource.getConnection()) {
            return positionAfterCommit(c);
        } catch (SQLException | RuntimeException e) {
            return ReplicaRouter.UNKNOWN;
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debug("Returning a connection failed (SQLState {})", e.getSQLState());
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
        tx.addCaller(caller.get());
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
            if (replicas != null) {
                replicas.wrote(tx.callers, positionAfterCommit(tx.session.getConnection()));
            }
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
            return hosted(host, work, true);
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
    private <T> T hosted(HostTransaction host, Supplier<T> work, boolean mayWrite) {
        Tx tx = null;
        try {
            if (closed) {
                throw new PortalException(CoreError.PORTAL_CLOSED);
            }
            tx = new Tx(hostedSession(host.connection()), false, host);
            tx.addCaller(caller.get());
            current.set(tx);
            T result = work.get();
            if (tx.rollbackCause != null) {
                throw new PortalException(CoreError.TRANSACTION_ROLLED_BACK, tx.rollbackCause, tx.rollbackCause.getMessage());
            }
            if (tx.committer != null) {
                tx.committer.run(); // the audit rows, without COMMIT (AuditWriter)
            }
            if (replicas != null && mayWrite) {
                rememberHostedWrite(host, tx.callers);
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

    /**
     * Read-your-writes for a host's transaction, whose COMMIT PortalKit does not make: the position is
     * read after the framework's commit; a plain JDBC host's commit is invisible, so its callers wait
     * out the whole window from now.
     */
    private void rememberHostedWrite(HostTransaction host, java.util.Set<String> callers) {
        java.util.Set<String> keys = callers == null ? null : java.util.Set.copyOf(callers);
        try {
            host.afterCommit(() -> replicas.wrote(keys, positionNow()));
        } catch (UnsupportedOperationException e) {
            replicas.wrote(keys, ReplicaRouter.UNKNOWN);
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
        if (replicas != null) {
            replicas.close();
        }
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
