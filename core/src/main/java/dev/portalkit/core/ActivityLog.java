package dev.portalkit.core;

/**
 * The audit trail ({@code activity_logs}). Services write it in the same transaction as their
 * change; the database refuses UPDATE, DELETE and TRUNCATE, and each row's hash is chained to the
 * previous one so {@link #verify()} finds a row altered behind the triggers' back.
 */
public interface ActivityLog {

    /** Records a host's own event, in the current transaction (or its own). */
    void record(AuditEvent event, CallContext context);

    /** Newest first, keyset-paginated. */
    Page<ActivityEntry> find(ActivityQuery query, PageRequest page);

    /** Recomputes every row's hash and link. */
    AuditVerification verify();
}
