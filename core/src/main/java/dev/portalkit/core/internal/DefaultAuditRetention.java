package dev.portalkit.core.internal;

import dev.portalkit.core.ActivityLog;
import dev.portalkit.core.AuditCheckpoint;
import dev.portalkit.core.AuditEvent;
import dev.portalkit.core.AuditPartition;
import dev.portalkit.core.AuditRetention;
import dev.portalkit.core.AuditVerification;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.CoreError;
import dev.portalkit.core.PortalException;
import dev.portalkit.core.ValidationException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link AuditRetention} over core V11's partition functions. Not API. */
final class DefaultAuditRetention implements AuditRetention {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultAuditRetention.class);
    /** The action of the audit event each removal writes; AuditSealMapper.xml (removalId) reads it back. */
    static final String REMOVED = "audit.partition_removed";
    static final int MAX_AHEAD = 120;
    static final int MAX_MONTHS = 1200;

    private final CoreContext core;
    private final ActivityLog log;

    DefaultAuditRetention(CoreContext core, ActivityLog log) {
        this.core = core;
        this.log = log;
    }

    @Override
    public List<AuditPartition> ensurePartitions(int monthsAhead) {
        if (monthsAhead < 0 || monthsAhead > MAX_AHEAD) {
            throw new ValidationException("monthsAhead", "must be between 0 and " + MAX_AHEAD + ", was " + monthsAhead);
        }
        outsideTransactions("ensurePartitions");
        Instant now = core.now();
        return core.tx.call(() -> {
            List<String> created = mapper().ensurePartitions(now, monthsAhead);
            return mapper().partitions().stream().filter(p -> created.contains(p.name())).toList();
        });
    }

    @Override
    public List<AuditPartition> partitions() {
        return core.tx.read(() -> mapper().partitions());
    }

    @Override
    public Optional<AuditCheckpoint> boundaryCheckpoint(int months) {
        Instant cutoff = cutoff(months);
        return core.tx.read(() -> {
            Instant before = removable(cutoff);
            if (before == null) {
                return Optional.<AuditCheckpoint>empty();
            }
            AuditSealMapper.Coverage c = mapper().sealedBefore(before);
            if (c.rowCount() == 0 || c.sealed() < c.rowCount()) {
                return Optional.<AuditCheckpoint>empty();
            }
            AuditSealMapper.CheckpointRow at = mapper().checkpointAtOrAfter(c.top());
            return Optional.ofNullable(at).map(AuditChain::checkpoint);
        });
    }

    @Override
    public List<AuditPartition> drop(int months, AuditCheckpoint exported, CallContext context) {
        return remove(months, exported, false, context);
    }

    @Override
    public List<AuditPartition> archive(int months, AuditCheckpoint exported, CallContext context) {
        return remove(months, exported, true, context);
    }

    private List<AuditPartition> remove(int months, AuditCheckpoint exported, boolean archive, CallContext context) {
        Instant cutoff = cutoff(months);
        if (exported == null) {
            throw new ValidationException("exported", "is required: the checkpoint the host exported, which the rows removed must lie behind");
        }
        Objects.requireNonNull(context, "null context");
        outsideTransactions(archive ? "archive" : "drop");
        if (core.tx.read(() -> removable(cutoff)) == null) {
            return List.of();
        }
        // No row leaves unverified: the chain must hold, and reach the host's checkpoint with its value.
        AuditVerification verified = log.verify(null, exported);
        if (!verified.intact()) {
            throw new PortalException(CoreError.AUDIT_RETENTION_REFUSED, "the chain does not verify up to the checkpoint"
                    + " given (position " + exported.position() + "): " + verified.problem());
        }
        List<AuditPartition> removed = core.tx.call(() -> {
            List<AuditPartition> out = new ArrayList<>();
            for (AuditSealMapper.Removal r : mapper().detachBefore(cutoff, exported.position(), exported.chainBytes(), archive)) {
                Map<String, Object> meta = new LinkedHashMap<>();
                meta.put("partition", r.partitionName());
                meta.put("from", r.rangeFrom() == null ? null : r.rangeFrom().toString());
                meta.put("to", r.rangeTo().toString());
                meta.put("rows", r.rowCount());
                meta.put("positions", r.positions());
                meta.put("throughPosition", exported.position());
                meta.put("archived", archive);
                core.audit.record(new AuditEvent(REMOVED, "audit_partition", UUID.fromString(r.id()), null, null, meta),
                        context);
                out.add(new AuditPartition(r.partitionName(), r.rangeFrom(), r.rangeTo()));
            }
            return out;
        });
        if (!removed.isEmpty()) {
            // verify() accepts the removed rows only with the removal's event sealed: seal it now.
            try {
                log.seal();
            } catch (PortalException e) {
                LOG.warn("Audit partitions removed; sealing their removal's event failed ({}): the next seal() does it",
                        e.getMessage());
            }
        }
        return removed;
    }

    /** The end of the last partition that ends at or before {@code cutoff}, or null when none does. */
    private Instant removable(Instant cutoff) {
        Instant end = null;
        for (AuditPartition p : mapper().partitions()) {
            if (!p.to().isAfter(cutoff)) {
                end = p.to();
            }
        }
        return end;
    }

    /** Months, not 30-day steps: every row of a partition ending at or before it is older than {@code months} months. */
    private Instant cutoff(int months) {
        if (months < 1 || months > MAX_MONTHS) {
            throw new ValidationException("months", "must be between 1 and " + MAX_MONTHS + ", was " + months);
        }
        return core.now().atOffset(ZoneOffset.UTC).minusMonths(months).toInstant();
    }

    /** DETACH holds activity_logs' strongest lock until the transaction ends: never a host's long one. */
    private void outsideTransactions(String method) {
        if (core.tx.active()) {
            throw new PortalException(CoreError.INVALID_ARGUMENT, method + " must not run inside a transaction");
        }
    }

    private AuditSealMapper mapper() {
        return core.mapper(AuditSealMapper.class);
    }
}
