package dev.portalkit.core.internal;

import dev.portalkit.core.ActivityEntry;
import dev.portalkit.core.ActivityLog;
import dev.portalkit.core.ActivityQuery;
import dev.portalkit.core.AuditEvent;
import dev.portalkit.core.AuditVerification;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.Page;
import dev.portalkit.core.PageRequest;
import dev.portalkit.core.spi.Cursors;
import java.util.List;
import java.util.Objects;

/** Not API: create through the Portal. */
public final class DefaultActivityLog implements ActivityLog {

    private final CoreContext core;

    DefaultActivityLog(CoreContext core) {
        this.core = core;
    }

    @Override
    public AuditVerification verify() {
        return core.tx.callRetrying(() -> core.mapper(ActivityLogMapper.class).verify());
    }

    @Override
    public void record(AuditEvent event, CallContext context) {
        Objects.requireNonNull(event, "null event");
        core.tx.runRetrying(() -> core.audit.record(event, context));
    }

    @Override
    public Page<ActivityEntry> find(ActivityQuery query, PageRequest page) {
        Objects.requireNonNull(query, "null query");
        Objects.requireNonNull(page, "null page");
        Long before = Cursors.decodeLong(page.cursor());
        // One extra row says whether another page exists without a count(*).
        List<ActivityEntry> rows = core.tx.read(() -> core.mapper(ActivityLogMapper.class).find(query.actorId(),
                query.entityType(), query.entityId(), query.action(), query.from(), query.to(), before, page.limit() + 1));
        return Cursors.page(rows, page.limit(), last -> Cursors.encode(last.sequence()));
    }
}
