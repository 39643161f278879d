package dev.portalkit.core.internal;

import dev.portalkit.core.ActivityEntry;
import dev.portalkit.core.ActivityLog;
import dev.portalkit.core.ActivityQuery;
import dev.portalkit.core.AuditCheckpoint;
import dev.portalkit.core.AuditEvent;
import dev.portalkit.core.AuditVerification;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.Page;
import dev.portalkit.core.PageRequest;
import dev.portalkit.core.SealResult;
import dev.portalkit.core.ValidationException;
import dev.portalkit.core.spi.Cursors;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** Not API: create through the Portal. */
public final class DefaultActivityLog implements ActivityLog {

    /** The audit action of an erasure. */
    static final String ERASED = "audit.personal_data_erased";

    private final CoreContext core;
    private final AuditSealer sealer;
    private final AuditVerifier verifier;

    DefaultActivityLog(CoreContext core, AuditSealer sealer, AuditVerifier verifier) {
        this.core = core;
        this.sealer = sealer;
        this.verifier = verifier;
    }

    @Override
    public SealResult seal() {
        return sealer.sealAll(true);
    }

    @Override
    public AuditVerification verify() {
        return verify(null, null);
    }

    @Override
    public AuditVerification verify(AuditCheckpoint from, AuditCheckpoint newest) {
        if (core.tx.active()) {
            // Each batch is its own short read; inside a host's transaction they would be one long one.
            throw new ValidationException("verify", "cannot run inside a transaction (inTransaction, joining, or the host's own): it reads the trail in batches of its own");
        }
        return verifier.verify(from, newest);
    }

    @Override
    public List<AuditCheckpoint> checkpoints(long afterPosition, int limit) {
        if (afterPosition < 0) {
            throw new ValidationException("afterPosition", "must be 0 or more, was " + afterPosition);
        }
        if (limit < 1 || limit > 1000) {
            throw new ValidationException("limit", "must be between 1 and 1000, was " + limit);
        }
        return core.tx.read(() -> core.mapper(AuditSealMapper.class).checkpoints(afterPosition, limit)).stream()
                .map(AuditChain::checkpoint).toList();
    }

    @Override
    public long erasePersonalData(UUID subjectId, CallContext context) {
        return erasePersonalData(subjectId, List.of(), context, Map.of());
    }

    /** With more to say in the erasure's own audit row (which later erasures leave as it is): the privacy service's counts. */
    long erasePersonalData(UUID subjectId, List<dev.portalkit.core.spi.PersonalData.Entity> entities, CallContext context,
                           Map<String, Object> more) {
        Objects.requireNonNull(subjectId, "null subjectId");
        String named;
        try {
            named = core.json.writeValueAsString(entities.stream().map(e -> Map.of("type", e.type(), "id", e.id())).toList());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return core.tx.callRetrying(() -> {
            long erased = core.mapper(AuditSealMapper.class).erase(subjectId, named);
            Map<String, Object> metadata = new java.util.LinkedHashMap<>(more);
            metadata.put("rows", erased);
            core.audit.record(new AuditEvent(ERASED, "user", subjectId, null, null, metadata), context);
            return erased;
        });
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
        // One extra row says whether another page exists without a count(*). before, after and
        // metadata come back as LazyJsonObject: a page parses no JSON until a caller opens one.
        List<ActivityEntry> rows = core.tx.readReplica(() -> core.mapper(ActivityLogMapper.class).find(query.actorId(),
                query.entityType(), query.entityId(), query.action(), query.from(), query.to(), before, page.limit() + 1));
        return Cursors.page(rows, page.limit(), last -> Cursors.encode(last.sequence()));
    }
}
