package dev.portalkit.core.spi;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portalkit.core.AuditEvent;
import dev.portalkit.core.CallContext;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * The base of a module's shared service state (its {@code *Context} class): the runtime pieces every
 * service uses, under the same names in every module, the module's options and the audit helpers. A
 * module's subclass adds only what is its own (mappers, collaborators).
 *
 * @param <O> the module's options type ({@code Void} for a module without options)
 */
public abstract class ModuleSupport<O> {

    /** The Portal's transactions: {@code tx.call}, {@code tx.callRetrying}, {@code tx.read}. */
    public final Transactions tx;
    public final AuditTrail audit;
    public final Clock clock;
    public final ObjectMapper json;
    /** The module's meters (a no-op without a registry). */
    public final Meters meters;
    /** The validated PortalKit schema name. */
    public final String schema;
    /** The module's options, as the host built them ({@code null} for a module without options). */
    public final O options;

    protected ModuleSupport(ModuleContext context, O options) {
        this.tx = context.transactions();
        this.audit = context.audit();
        this.clock = context.clock();
        this.json = context.json();
        this.meters = context.meters();
        this.schema = context.schema();
        this.options = options;
    }

    public final Instant now() {
        return clock.instant();
    }

    /** The MyBatis mapper of the given type, bound to the current transaction. */
    public final <M> M mapper(Class<M> type) {
        return tx.mapper(type);
    }

    /** Records an audit event in the current transaction: see {@link AuditTrail#record}. */
    public final void audit(String action, String entityType, UUID id, Map<String, Object> before,
                            Map<String, Object> after, Map<String, Object> metadata, CallContext context) {
        audit.record(new AuditEvent(action, entityType, id, before, after, metadata), context);
    }

    /**
     * The event of the transaction's last statement, which writes it (once per row it changes) with the
     * rows recorded before it and the COMMIT, in one round trip: see {@link AuditTrail#lastStatement}.
     */
    public final AuditRows lastStatement(String action, String entityType, UUID id, Map<String, Object> before,
                                         Map<String, Object> after, Map<String, Object> metadata,
                                         CallContext context) {
        return audit.lastStatement(new AuditEvent(action, entityType, id, before, after, metadata), context);
    }
}
