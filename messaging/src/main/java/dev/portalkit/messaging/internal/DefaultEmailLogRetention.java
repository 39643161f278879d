package dev.portalkit.messaging.internal;

import dev.portalkit.core.CallContext;
import dev.portalkit.core.CoreError;
import dev.portalkit.core.PortalException;
import dev.portalkit.core.ValidationException;
import dev.portalkit.messaging.EmailLogPartition;
import dev.portalkit.messaging.EmailLogRetention;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@link EmailLogRetention} over V8's partition functions. Not API. */
final class DefaultEmailLogRetention extends MessagingServiceBase implements EmailLogRetention {

    static final int MAX_AHEAD = 120;
    static final int MAX_MONTHS = 1200;

    DefaultEmailLogRetention(MessagingContext m) {
        super(m);
    }

    @Override
    public List<EmailLogPartition> ensurePartitions(int monthsAhead) {
        if (monthsAhead < 0 || monthsAhead > MAX_AHEAD) {
            throw new ValidationException("monthsAhead", "must be between 0 and " + MAX_AHEAD);
        }
        outsideTransactions("ensurePartitions");
        Instant now = m.now();
        return m.tx.call(() -> {
            List<String> created = m.logs().ensurePartitions(now, monthsAhead);
            return m.logs().partitions().stream().filter(p -> created.contains(p.name())).toList();
        });
    }

    @Override
    public List<EmailLogPartition> partitions() {
        return m.tx.read(() -> m.logs().partitions());
    }

    @Override
    public List<EmailLogPartition> drop(int months, CallContext context) {
        return detach(months, false, context);
    }

    @Override
    public List<EmailLogPartition> archive(int months, CallContext context) {
        return detach(months, true, context);
    }

    private List<EmailLogPartition> detach(int months, boolean archive, CallContext context) {
        if (months < 1 || months > MAX_MONTHS) {
            throw new ValidationException("months", "must be between 1 and " + MAX_MONTHS);
        }
        outsideTransactions(archive ? "archive" : "drop");
        // Months, not 30-day steps: every e-mail of a partition ending at or before the cutoff is older
        // than `months` calendar months on the Portal's clock.
        Instant cutoff = m.now().atOffset(ZoneOffset.UTC).minusMonths(months).toInstant();
        List<EmailLogPartition> gone = m.tx.call(() -> {
            List<EmailLogPartition> detached = m.logs().detachBefore(cutoff, archive);
            for (EmailLogPartition p : detached) {
                Map<String, Object> meta = new LinkedHashMap<>();
                meta.put("partition", p.name());
                meta.put("from", p.from() == null ? null : p.from().toString());
                meta.put("to", p.to().toString());
                meta.put("months", months);
                m.audit(archive ? "email_log_partition.archived" : "email_log_partition.dropped",
                        "email_log_partition", null, null, null, meta, context);
            }
            return detached;
        });
        // Apart from the DETACH (see V8's email_logs_drop_detached): the e-mails are gone from email_logs
        // already; should this fail, the next drop() frees the storage.
        m.tx.callRetrying(() -> m.logs().dropDetached());
        return gone;
    }

    /** DETACH holds email_logs' strongest lock until the transaction ends: never a host's long one. */
    private void outsideTransactions(String method) {
        if (m.tx.active()) {
            throw new PortalException(CoreError.INVALID_ARGUMENT, method + " must not run inside a transaction");
        }
    }
}
