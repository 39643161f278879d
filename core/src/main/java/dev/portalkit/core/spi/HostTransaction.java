package dev.portalkit.core.spi;

import dev.portalkit.core.PortalException;
import java.sql.Connection;

/**
 * A transaction a host opened and will end itself, which PortalKit calls join: they run their
 * statements, audit rows included, on {@link #connection()} and never commit, roll back or close it.
 * See {@link HostTransactions}.
 */
public interface HostTransaction {

    /** The transaction's connection, in manual-commit mode. */
    Connection connection();

    /**
     * A PortalKit call in this transaction failed with {@code cause}: the transaction must end in a
     * rollback even if the host catches the exception (its commit fails, or rolls back). May come more
     * than once for one failure (from the call and from the service boundary): the first one counts.
     */
    void setRollbackOnly(PortalException cause);

    /**
     * Runs {@code action} once the transaction commits, never if it rolls back.
     *
     * @throws UnsupportedOperationException when the host cannot tell (plain JDBC)
     */
    void afterCommit(Runnable action);

    /** PortalKit is done with {@link #connection()} for this call (it is still the host's). */
    default void release() {
    }
}
