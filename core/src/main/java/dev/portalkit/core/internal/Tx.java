package dev.portalkit.core.internal;

import dev.portalkit.core.spi.HostTransaction;
import java.util.ArrayList;
import java.util.List;
import org.apache.ibatis.session.SqlSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The state of one open transaction of {@link TxManager}, bound to its thread. */
final class Tx {

    private static final Logger LOG = LoggerFactory.getLogger(Tx.class);

    final SqlSession session;
    /** Writes the transaction's last rows and commits in the same round trip (the audit trail). */
    Runnable committer;
    final List<Runnable> afterCommit = new ArrayList<>();
    /** The audit events waiting for the COMMIT ({@link AuditWriter}); null until the first one. */
    List<NewActivity> auditRows;
    final boolean autocommit;
    /** The host's transaction this one runs in, or null when PortalKit owns it. */
    final HostTransaction host;
    /** How many joined calls are running inside the outermost one. */
    int depth;
    RuntimeException rollbackCause;
    /** Whether this is a read on a replica ({@link TxManager#readReplica}): nothing inside may write. */
    final boolean replica;
    /** The callers whose writes this transaction commits (read-your-writes); null until the first. */
    java.util.Set<String> callers;

    Tx(SqlSession session, boolean autocommit, HostTransaction host) {
        this(session, autocommit, host, false);
    }

    Tx(SqlSession session, boolean autocommit, HostTransaction host, boolean replica) {
        this.session = session;
        this.autocommit = autocommit;
        this.host = host;
        this.replica = replica;
    }

    void addCaller(String key) {
        if (key != null && !autocommit) {
            if (callers == null) {
                callers = new java.util.HashSet<>(2);
            }
            callers.add(key);
        }
    }

    void runAfterCommit() {
        for (Runnable action : afterCommit) {
            try {
                action.run();
            } catch (RuntimeException e) {
                // The transaction is committed; a failing follow-up must not pretend it was not.
                LOG.warn("An after-commit action failed: {}", e.toString());
            }
        }
    }

    void rollbackQuietly() {
        try {
            session.rollback(true);
        } catch (RuntimeException e) {
            LOG.debug("Rollback failed (the connection is probably gone): {}", e.getClass().getSimpleName());
        }
    }

    void closeQuietly() {
        try {
            session.close();
        } catch (RuntimeException e) {
            LOG.debug("Closing a session failed: {}", e.getClass().getSimpleName());
        }
    }
}
