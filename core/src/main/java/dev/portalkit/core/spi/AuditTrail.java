package dev.portalkit.core.spi;

import dev.portalkit.core.AuditEvent;
import dev.portalkit.core.CallContext;

/**
 * How services write the audit trail. An event is written in the caller's transaction, just before
 * it commits, so it exists if and only if the change does.
 */
public interface AuditTrail {

    /** Records an event in the current transaction; must be called inside {@link Transactions#call}. */
    void record(AuditEvent event, CallContext context);

    /**
     * Records {@code event} for the transaction's last statement, which writes it (and the rows
     * recorded before it) itself, together with COMMIT when it ends the transaction: see
     * {@link AuditRows}. The event is written only if that statement changes a row.
     */
    AuditRows lastStatement(AuditEvent event, CallContext context);
}
