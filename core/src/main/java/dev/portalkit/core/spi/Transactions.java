package dev.portalkit.core.spi;

import java.util.function.Supplier;

/**
 * Runs work in a database transaction bound to the current thread. A call made while a
 * transaction is open joins it, so services compose inside {@code Portal.inTransaction}. When the
 * host has a transaction of its own on the thread ({@code Portal.joining}, or a framework's through
 * {@link HostTransactions}), the outermost call runs on that one and the host ends it. Failures
 * leave as {@link dev.portalkit.core.PortalException}s; the database's own exceptions never do.
 */
public interface Transactions {

    /** Runs {@code work} in the current transaction, or in a new one committed when it returns. */
    <T> T call(Supplier<T> work);

    /** {@link #call} for work without a result. */
    default void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }

    /**
     * Like {@link #call}, but when this is the outermost transaction and it fails with a serialization
     * failure or a deadlock, rolls back and runs {@code work} again (a bounded number of times).
     * Only for work that is safe to repeat from the start. Never retries in a host's transaction.
     */
    <T> T callRetrying(Supplier<T> work);

    /**
     * Runs read-only work: inside the current transaction when one is open, otherwise on a
     * connection in autocommit, so a single SELECT costs one round trip instead of three
     * (BEGIN, SELECT, COMMIT). Each statement then sees its own snapshot: use it for work whose
     * statements need no common snapshot. Nothing may be audited inside.
     */
    <T> T read(Supplier<T> work);

    /**
     * {@link #read} for work that tolerates a little lag (lists, pages, content, free slots): outside
     * a transaction, with a read replica configured, it may run on a replica that has replayed the
     * bound caller's last write (README, "Read replicas"). Never for a read that decides a write, a
     * security check, an idempotency check or audit verification: those use {@link #read}. Nothing
     * inside may write ({@link #call} fails at once).
     */
    default <T> T readReplica(Supplier<T> work) {
        return read(work);
    }

    /** {@link #callRetrying} for work without a result. */
    default void runRetrying(Runnable work) {
        callRetrying(() -> {
            work.run();
            return null;
        });
    }

    /** The MyBatis mapper of the given type, bound to the current transaction. */
    <M> M mapper(Class<M> type);

    /**
     * Whether a transaction is open on this thread: PortalKit's, or a host's that a call would join.
     * Work that must commit on its own (a gateway call) refuses to run when it is.
     */
    boolean active();

    /**
     * Runs {@code action} after the current transaction commits (never if it rolls back); in a
     * framework's transaction, after the framework's commit.
     *
     * @throws UnsupportedOperationException in a plain JDBC host's transaction ({@code Portal.joining}),
     *                                       whose commit PortalKit cannot see
     */
    void afterCommit(Runnable action);
}
