package dev.portalkit.core.spi;

import javax.sql.DataSource;

/**
 * Where a framework tells PortalKit about the transaction it has bound to the current thread, so
 * that PortalKit's calls run on that transaction's connection instead of one of their own (Spring's
 * {@code @Transactional}; the starter implements it). Given to {@code Portal.Builder.hostTransactions}.
 * A plain JDBC host needs none of this: it calls {@code portal.joining(connection, work)}.
 *
 * <p>Asked once at the start of every outermost PortalKit call, on the caller's thread, so it must be
 * cheap (a thread-local look-up), must not take a connection yet (only {@link HostTransaction#connection}
 * may) and must never open a transaction of its own.
 */
@FunctionalInterface
public interface HostTransactions {

    /**
     * The host's transaction on this thread over {@code dataSource} (the Portal's pool), or {@code null}
     * when there is none: PortalKit then runs its own transaction as usual. A transaction on another
     * data source is not one PortalKit can join: answer {@code null}.
     */
    HostTransaction current(DataSource dataSource);
}
