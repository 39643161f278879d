package dev.portalkit.messaging;

import java.time.Instant;
import java.util.Map;

/**
 * Counts of the e-mails queued in {@code [from, to)}.
 *
 * @param byStatus   how many are in each status now (every status present, zero included)
 * @param byTemplate per template key, how many are in each status (only statuses that occur)
 * @param opened     how many were opened at least once (0 unless open tracking is on)
 * @param clicked    how many had a click at least once (0 unless click tracking is on)
 */
public record EmailStats(Instant from, Instant to, long total, Map<EmailStatus, Long> byStatus,
                         Map<String, Map<EmailStatus, Long>> byTemplate, long opened, long clicked) {

    public EmailStats {
        byStatus = Map.copyOf(byStatus);
        byTemplate = Map.copyOf(byTemplate);
    }

    public long count(EmailStatus status) {
        return byStatus.getOrDefault(status, 0L);
    }
}
