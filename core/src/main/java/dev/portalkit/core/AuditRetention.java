package dev.portalkit.core;

import java.util.List;
import java.util.Optional;

/**
 * The monthly partitions of the audit trail ({@code activity_logs}, partitioned on {@code created_at}, the
 * database's clock when the row was written): kept ahead, and old months removed whole, but only behind
 * a checkpoint the host exported. Removal keeps the chain verifiable from its first position: the seals
 * of removed rows stay (about 150 bytes a row), each removal is recorded with the chain positions of its
 * rows and audited itself ({@code audit.partition_removed}, its entity id a digest of the record), and
 * {@link ActivityLog#verify} accepts a sealed row as gone only at those positions and only with that
 * sealed event, so a row deleted any other way is still found.
 *
 * <p>Works with the runtime role of README "Least privilege": partitions are created, detached and dropped
 * by database functions that run as the schema owner ({@code SECURITY DEFINER}); no role but the owner may
 * write a partition directly. Every call is one transaction, serialised with every other call of this
 * service on the database by an advisory lock, and never runs inside a host's or
 * {@code Portal.inTransaction}'s transaction (it refuses). Rows of a month without a partition (a clock
 * far ahead) go to the DEFAULT partition, which these calls never remove; {@link #ensurePartitions} moves
 * them into their month's partition when it creates it.
 */
public interface AuditRetention {

    /** How many months ahead of the current one the Portal keeps partitions at start. */
    int DEFAULT_MONTHS_AHEAD = 3;

    /**
     * Creates the partitions of the current month (the database's clock) and of the {@code monthsAhead}
     * months after it that do not exist yet; idempotent, and safe from any number of instances at once.
     * The Portal calls it with {@link #DEFAULT_MONTHS_AHEAD} when it starts; schedule it monthly (or daily)
     * on instances that run for months.
     *
     * @param monthsAhead 0 to 120
     * @return the partitions it created (none when all existed)
     * @throws ValidationException {@code monthsAhead} out of range; nothing created
     */
    List<AuditPartition> ensurePartitions(int monthsAhead);

    /** The partitions that hold audit rows now (the DEFAULT partition aside), oldest first. */
    List<AuditPartition> partitions();

    /**
     * The checkpoint at the boundary of the partitions {@link #drop drop(months, ...)} would remove: the
     * first checkpoint at or after the last seal of their rows, which the host must have exported before
     * they may go. Empty when there is nothing to remove, or when some of their rows are not sealed yet
     * (seal, then ask again). Reads every row of those partitions.
     *
     * @param months at least 1
     */
    Optional<AuditCheckpoint> boundaryCheckpoint(int months);

    /**
     * Removes every partition whose rows are all older than {@code months} months (its range ends at or
     * before now minus {@code months} months, on the database's clock): detached and dropped. First the
     * chain is verified from its first position up to {@code exported} ({@link ActivityLog#verify}), so
     * no row leaves unverified; then each partition's rows must all be sealed at or before
     * {@code exported}'s position. The current month, later months and the DEFAULT partition are never
     * touched. Idempotent: a second call removes nothing. After it, the removal's audit event is sealed
     * ({@link ActivityLog#seal()}).
     *
     * @param months   at least 1, at most 1200
     * @param exported a checkpoint the host exported ({@code Portal.Builder.onAuditCheckpoint}); it must be
     *                 in the chain with exactly this value
     * @return what it removed, oldest first
     * @throws ValidationException {@code months} out of range, or {@code exported} null; nothing changed
     * @throws PortalException {@link CoreError#AUDIT_RETENTION_REFUSED}: the chain does not verify up to
     *                         {@code exported}, or a partition holds a row not sealed at or before it;
     *                         nothing changed
     */
    List<AuditPartition> drop(int months, AuditCheckpoint exported, CallContext context);

    /**
     * As {@link #drop}, but keeps each partition as a detached table of the same name in the Portal's
     * schema (no longer read by any service, nor by verification), for the host to copy elsewhere and drop.
     */
    List<AuditPartition> archive(int months, AuditCheckpoint exported, CallContext context);
}
