package dev.portalkit.core.internal;

import dev.portalkit.core.AuditEvent;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.spi.AuditRows;
import dev.portalkit.core.spi.AuditTrail;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Buffers a transaction's audit events and writes them with its COMMIT. Writing last keeps
 * the hash-chain head (a single row lock, see V1__core_tables.sql) held only for the commit itself,
 * and a transaction that holds it waits on nothing else, so it cannot join a deadlock.
 */
public final class AuditWriter implements AuditTrail {

    /** Keys whose values never reach the audit trail, at any depth. */
    private static final Pattern SECRET_KEY =
            Pattern.compile("(?i).*(password|passwd|secret|token|hash|api[_-]?key|credential|otp).*");
    static final String REDACTED = "[redacted]";

    private final TxManager tx;
    private final Clock clock;

    public AuditWriter(TxManager tx, Clock clock) {
        this.tx = tx;
        this.clock = clock;
    }

    @Override
    public void record(AuditEvent event, CallContext context) {
        buffer().add(row(event, context));
    }

    @Override
    public AuditRows lastStatement(AuditEvent event, CallContext context) {
        List<NewActivity> buffer = buffer();
        AuditRows rows = new AuditRows(buffer, row(event, context), tx.mayEndHere());
        buffer.clear(); // the statement writes them; what is recorded after it still goes with COMMIT
        return rows;
    }

    private List<NewActivity> buffer() {
        return tx.auditRows(this::flush);
    }

    private NewActivity row(AuditEvent event, CallContext context) {
        CallContext c = context == null ? CallContext.system("unknown") : context;
        return new NewActivity(clock.instant(), c.actorId(), event.action(), event.entityType(),
                event.entityId(), redact(event.before()), redact(event.after()), redact(event.metadata()),
                c.ip(), c.userAgent(), c.requestId());
    }

    private void flush(List<NewActivity> buffer) {
        if (buffer.isEmpty()) {
            return;
        }
        // The rows and COMMIT go in one round trip: the head-row lock (see V1__core_tables.sql) is
        // then held for no more than the commit itself.
        tx.mapper(ActivityLogMapper.class).insertAndCommit(List.copyOf(buffer));
        buffer.clear();
    }

    static Map<String, Object> redact(Map<String, Object> map) {
        if (map == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, SECRET_KEY.matcher(k).matches() && v != null ? REDACTED : redactValue(v)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object redactValue(Object v) {
        if (v instanceof Map<?, ?> m && m.keySet().stream().allMatch(String.class::isInstance)) {
            return redact((Map<String, Object>) m);
        }
        if (v instanceof List<?> l) {
            return l.stream().map(AuditWriter::redactValue).toList();
        }
        return v;
    }
}
