package dev.portalkit.core;

import java.time.Instant;
import java.util.Objects;

/**
 * One monthly partition of the audit trail ({@code activity_logs}): the rows whose {@code created_at}
 * lies in {@code [from, to)}, UTC months.
 *
 * @param name the partition's table name in the Portal's schema, e.g. {@code activity_logs_2027_03}; after
 *             {@link AuditRetention#archive} the detached table keeps it
 * @param from the first instant it holds; {@code null} for {@code activity_logs_legacy}, the table from
 *             before partitioning, which holds every row before its {@code to}
 * @param to   the first instant it no longer holds
 */
public record AuditPartition(String name, @Nullable Instant from, Instant to) {

    public AuditPartition {
        Objects.requireNonNull(name, "null name");
        Objects.requireNonNull(to, "null to");
    }
}
