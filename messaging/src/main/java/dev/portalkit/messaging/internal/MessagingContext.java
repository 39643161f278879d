package dev.portalkit.messaging.internal;

import dev.portalkit.core.AuditEvent;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.ValidationException;
import dev.portalkit.core.spi.AuditRows;
import dev.portalkit.core.spi.AuditTrail;
import dev.portalkit.core.spi.Cursors;
import dev.portalkit.core.spi.Transactions;
import dev.portalkit.messaging.MessagingOptions;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the messaging services share. Not API. */
final class MessagingContext {

    final MessagingOptions options;
    final Transactions tx;
    final AuditTrail audit;
    final Clock clock;
    final Renderer renderer;

    MessagingContext(MessagingOptions options, Transactions tx, AuditTrail audit, Clock clock, Renderer renderer) {
        this.options = options;
        this.tx = tx;
        this.audit = audit;
        this.clock = clock;
        this.renderer = renderer;
    }

    Instant now() {
        return clock.instant();
    }

    TemplateMapper templates() {
        return tx.mapper(TemplateMapper.class);
    }

    EmailLogMapper logs() {
        return tx.mapper(EmailLogMapper.class);
    }

    MessageMapper messages() {
        return tx.mapper(MessageMapper.class);
    }

    void audit(String action, String entityType, UUID id, Map<String, Object> before, Map<String, Object> after,
               Map<String, Object> metadata, CallContext context) {
        audit.record(new AuditEvent(action, entityType, id, before, after, metadata), context);
    }

    /**
     * The audit rows for the transaction's last statement, which writes the event itself (once per row
     * of its CTE {@code changed}) and carries the COMMIT: see {@link AuditTrail#lastStatement}.
     */
    AuditRows lastStatement(String action, String entityType, UUID id, Map<String, Object> before,
                            Map<String, Object> after, Map<String, Object> metadata, CallContext context) {
        return audit.lastStatement(new AuditEvent(action, entityType, id, before, after, metadata), context);
    }

    /** A (created_at, id) keyset cursor, or {@code null} for the first page. */
    public record Keyset(Instant created, UUID id) {
    }

    static Keyset keyset(String cursor) {
        List<String> parts = Cursors.decode(cursor, 2);
        if (parts == null) {
            return new Keyset(null, null);
        }
        try {
            return new Keyset(Instant.parse(parts.get(0)), UUID.fromString(parts.get(1)));
        } catch (RuntimeException e) {
            throw new ValidationException("cursor", "is not a cursor returned by a previous page");
        }
    }
}
