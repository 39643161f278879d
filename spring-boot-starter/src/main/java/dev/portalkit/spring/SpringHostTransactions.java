package dev.portalkit.spring;

import dev.portalkit.core.CoreError;
import dev.portalkit.core.PortalException;
import dev.portalkit.core.spi.HostTransaction;
import dev.portalkit.core.spi.HostTransactions;
import java.sql.Connection;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Spring's transactions as PortalKit's {@link HostTransactions}: inside {@code @Transactional} (or a
 * TransactionTemplate) whose transaction manager binds a connection of the Portal's DataSource
 * ({@code DataSourceTransactionManager}, {@code JdbcTransactionManager}, {@code JpaTransactionManager} on
 * that DataSource), PortalKit's calls run on that connection: their rows, audit rows and queued e-mail
 * commit or roll back with the host's. A PortalKit failure, even one the host catches, makes the
 * transaction roll back at its end. Outside such a transaction, or in one on another DataSource,
 * PortalKit runs its own.
 *
 * <pre>{@code Portal.builder().dataSource(dataSource).hostTransactions(new SpringHostTransactions())...}</pre>
 *
 * The starter sets this when the Portal uses the application's DataSource. Stateless and thread-safe.
 */
public final class SpringHostTransactions implements HostTransactions {

    private static final Logger LOG = LoggerFactory.getLogger(SpringHostTransactions.class);

    @Override
    public HostTransaction current(DataSource dataSource) {
        if (dataSource == null || !TransactionSynchronizationManager.isActualTransactionActive()) {
            return null;
        }
        DataSource key = boundKey(dataSource);
        // Only a look-up: the holder's connection is asked for in connection(), when a statement needs it.
        // DataSourceTransactionManager's holder is synchronized with the transaction; JpaTransactionManager's
        // holds a handle to the EntityManager's connection and is not (DataSourceUtils accepts both).
        if (TransactionSynchronizationManager.getResource(key) instanceof ConnectionHolder holder
                && (holder.getConnectionHandle() != null || holder.isSynchronizedWithTransaction())) {
            return new SpringTransaction(key, holder);
        }
        return null;
    }

    /**
     * The DataSource Spring binds its connection to: a transaction manager given a
     * TransactionAwareDataSourceProxy binds the proxy's target, so the look-up must use the target too.
     */
    static DataSource boundKey(DataSource dataSource) {
        DataSource key = dataSource;
        while (key instanceof TransactionAwareDataSourceProxy proxy && proxy.getTargetDataSource() != null) {
            key = proxy.getTargetDataSource();
        }
        return key;
    }

    @Override
    public String toString() {
        return "SpringHostTransactions";
    }

    /** One PortalKit call's view of the Spring transaction on its thread. */
    private static final class SpringTransaction implements HostTransaction {

        private final DataSource key;
        private final ConnectionHolder holder;
        private Connection taken;

        SpringTransaction(DataSource key, ConnectionHolder holder) {
            this.key = key;
            this.holder = holder;
        }

        @Override
        public Connection connection() {
            if (taken == null) {
                taken = DataSourceUtils.getConnection(key); // the holder's: counted, released in release()
            }
            return taken;
        }

        @Override
        public void setRollbackOnly(PortalException cause) {
            // A DataSource/JdbcTransactionManager sees the holder's flag and rolls back at commit
            // (UnexpectedRollbackException to the host)...
            holder.setRollbackOnly();
            // ...a JpaTransactionManager looks only at its EntityTransaction: the synchronization's
            // beforeCommit throws, and the manager rolls back and rethrows the cause.
            if (TransactionSynchronizationManager.isSynchronizationActive()) {
                boolean registered = TransactionSynchronizationManager.getSynchronizations().stream()
                        .anyMatch(s -> s instanceof RollbackOnCommit r && r.holder == holder);
                if (!registered) {
                    TransactionSynchronizationManager.registerSynchronization(new RollbackOnCommit(holder, cause));
                }
            }
        }

        @Override
        public void afterCommit(Runnable action) {
            if (!TransactionSynchronizationManager.isSynchronizationActive()) {
                throw new UnsupportedOperationException("the Spring transaction has synchronization turned off"
                        + " (AbstractPlatformTransactionManager.setTransactionSynchronization): nothing can run after its commit");
            }
            TransactionSynchronizationManager.registerSynchronization(new AfterCommit(action));
        }

        @Override
        public void release() {
            if (taken != null) {
                Connection c = taken;
                taken = null;
                DataSourceUtils.releaseConnection(c, key);
            }
        }
    }

    /** Refuses the commit of a transaction a PortalKit call failed in. */
    private static final class RollbackOnCommit implements TransactionSynchronization {

        private final ConnectionHolder holder;
        private final PortalException cause;

        RollbackOnCommit(ConnectionHolder holder, PortalException cause) {
            this.holder = holder;
            this.cause = cause;
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            throw new PortalException(CoreError.TRANSACTION_ROLLED_BACK, cause, cause.getMessage());
        }
    }

    /** PortalKit's after-commit work; a failure is logged, as PortalKit's own transactions do. */
    private static final class AfterCommit implements TransactionSynchronization {

        private final Runnable action;

        AfterCommit(Runnable action) {
            this.action = action;
        }

        @Override
        public void afterCommit() {
            try {
                action.run();
            } catch (RuntimeException e) {
                // The transaction is committed; a failing follow-up must not make the host think it was not.
                LOG.warn("A PortalKit after-commit action failed: {}", e.toString());
            }
        }
    }
}
