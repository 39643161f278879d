package dev.portalkit.content.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portalkit.content.ContentOptions;
import dev.portalkit.core.AuditEvent;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.spi.AuditTrail;
import dev.portalkit.core.spi.Transactions;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/** What the content services share. Not API. */
final class ContentContext {

    final ContentOptions options;
    final Transactions tx;
    final AuditTrail audit;
    final Clock clock;
    final ObjectMapper json;
    final String schema;

    ContentContext(ContentOptions options, Transactions tx, AuditTrail audit, Clock clock, ObjectMapper json, String schema) {
        this.options = options;
        this.tx = tx;
        this.audit = audit;
        this.clock = clock;
        this.json = json;
        this.schema = schema;
    }

    /**
     * One service call: a transaction of its own, run again from the start after a lost
     * serialization race or a deadlock (never inside a host's transaction, which it joins). Every
     * content call is safe to repeat: it only touches the database.
     */
    <T> T call(Supplier<T> work) {
        return tx.callRetrying(work);
    }

    /**
     * A read: one round trip for one statement (autocommit, no BEGIN/COMMIT), or inside the host's
     * transaction when one is open. Each statement sees its own snapshot, as it would in a
     * READ COMMITTED transaction; nothing may be audited inside.
     */
    <T> T read(Supplier<T> work) {
        return tx.read(work);
    }

    void run(Runnable work) {
        tx.callRetrying(() -> {
            work.run();
            return null;
        });
    }

    Instant now() {
        return clock.instant();
    }

    <M> M mapper(Class<M> type) {
        return tx.mapper(type);
    }

    void audit(String action, String entityType, UUID id, Map<String, Object> before, Map<String, Object> after,
               Map<String, Object> metadata, CallContext context) {
        audit.record(new AuditEvent(action, entityType, id, before, after, metadata), context);
    }
}
