package dev.portalkit.core.internal;

import dev.portalkit.core.ActivityEntry;
import dev.portalkit.core.ActivityLog;
import dev.portalkit.core.ActivityQuery;
import dev.portalkit.core.AuditEvent;
import dev.portalkit.core.AuditVerification;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.Page;
import dev.portalkit.core.PageRequest;
import dev.portalkit.core.spi.AuditTrail;
import dev.portalkit.core.spi.Cursors;
import dev.portalkit.core.spi.Transactions;
import java.util.List;
import java.util.Objects;

/** Not API: create through the Portal. */
public final class DefaultActivityLog implements ActivityLog {

    private final Transactions tx;
    private final AuditTrail audit;

    public DefaultActivityLog(Transactions tx, AuditTrail audit) {
        this.tx = tx;
        this.audit = audit;
    }

    @Override
    public void record(AuditEvent event, CallContext context) {
        Objects.requireNonNull(event, "null event");
        tx.runRetrying(() -> audit.record(event, context));
    }

    @Override
    public Page<ActivityEntry> find(ActivityQuery query, PageRequest page) {
        Objects.requireNonNull(query, "null query");
        Objects.requireNonNull(page, "null page");
        Long before = Cursors.decodeLong(page.cursor());
        // One extra row says whether another page exists without a count(*).
        List<ActivityEntry> rows = tx.read(() -> tx.mapper(ActivityMapper.class).find(query.actorId(),
                query.entityType(), query.entityId(), query.action(), query.from(), query.to(), before, page.limit() + 1));
        if (rows.size() <= page.limit()) {
            return new Page<>(rows, null);
        }
        List<ActivityEntry> items = rows.subList(0, page.limit());
        return new Page<>(items, Cursors.encode(items.get(items.size() - 1).sequence()));
    }

    @Override
    public AuditVerification verify() {
        return tx.callRetrying(() -> tx.mapper(ActivityMapper.class).verify());
    }
}
