package dev.portalkit.core.internal;

import dev.portalkit.core.AuditEvent;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.spi.AuditRows;
import dev.portalkit.core.spi.AuditTrail;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Buffers a transaction's audit events and writes them with its COMMIT, in the same round trip (in a
 * host's transaction, at the end of the outermost PortalKit call, and the host commits).
 * The rows take no lock (V4): {@link AuditSealer} chains them after they commit.
 */
public final class AuditWriter implements AuditTrail {

    /** Keys whose values never reach the audit trail, at any depth. */
    // (?s): a key with a line break in it is still a key that names a secret
    private static final Pattern SECRET_KEY =
            Pattern.compile("(?is).*(password|passwd|secret|token|hash|api[_-]?key|credential|otp).*");
    /** Keys already judged: the same few keys come with every event, and the pattern backtracks on each. */
    private static final Map<String, Boolean> JUDGED = new ConcurrentHashMap<>();
    private static final int JUDGED_MAX = 4096;
    static final String REDACTED = "[redacted]";

    /**
     * INTERNAL, not API, for benchmarks only: a Portal built while this system property is
     * {@code "off"} writes no audit rows at all (audit_scaling_ratio compares audited writes with
     * the same writes unaudited). Read once per Portal, when it is built.
     */
    public static final String INTERNAL_WRITING_PROPERTY = "portalkit.internal.audit-writing";

    private final TxManager tx;
    private final Clock clock;
    private final boolean writing;

    public AuditWriter(TxManager tx, Clock clock) {
        this.tx = tx;
        this.clock = clock;
        this.writing = !"off".equals(System.getProperty(INTERNAL_WRITING_PROPERTY));
    }

    @Override
    public void record(AuditEvent event, CallContext context) {
        NewActivity row = row(event, context);
        if (writing) {
            buffer().add(row);
        }
    }

    @Override
    public AuditRows lastStatement(AuditEvent event, CallContext context) {
        List<NewActivity> buffer = buffer();
        AuditRows rows = new AuditRows(buffer, row(event, context), tx.mayEndHere(), writing);
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
        // The rows and COMMIT go in one round trip, unless the transaction is a host's to commit.
        ActivityLogMapper logs = tx.mapper(ActivityLogMapper.class);
        if (tx.hosted()) {
            logs.insert(List.copyOf(buffer));
        } else {
            logs.insertAndCommit(List.copyOf(buffer));
        }
        buffer.clear();
    }

    static Map<String, Object> redact(Map<String, Object> map) {
        if (map == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, v != null && secretKey(k) ? REDACTED : redactValue(v)));
        return out;
    }

    static boolean secretKey(String key) {
        Boolean known = JUDGED.get(key);
        if (known == null) {
            known = SECRET_KEY.matcher(key).matches();
            if (JUDGED.size() < JUDGED_MAX) { // host metadata keys are not bounded
                JUDGED.put(key, known);
            }
        }
        return known;
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
