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
}
