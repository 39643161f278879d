package dev.portalkit.messaging;

import java.time.Instant;
import java.util.Objects;

/**
 * One monthly partition of {@code email_logs}: the e-mails whose {@code created_at} lies in
 * {@code [from, to)}, UTC months.
 *
 * @param name the partition's table name in the Portal's schema, e.g. {@code email_logs_2027_03}; after
 *             {@link EmailLogRetention#archive} the detached table keeps it
 * @param from the first instant it holds; {@code null} for {@code email_logs_legacy}, the table from before
 *             partitioning, which holds every e-mail before its {@code to}
 * @param to   the first instant it no longer holds
 */
public record EmailLogPartition(String name, Instant from, Instant to) {

    public EmailLogPartition {
        Objects.requireNonNull(name, "null name");
        Objects.requireNonNull(to, "null to");
    }
}
