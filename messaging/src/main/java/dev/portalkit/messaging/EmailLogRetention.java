package dev.portalkit.messaging;

import dev.portalkit.core.CallContext;
import java.util.List;

/**
 * The monthly partitions of {@code email_logs}: kept ahead, and old months removed whole (DETACH, then
 * DROP or keep the detached table as an archive) instead of by a DELETE that scans and bloats. Months
 * are UTC months of {@code created_at}, which is the Portal's clock when the e-mail was queued.
 *
 * <p>Works with the runtime role of README "Least privilege": the partitions are created, detached and
 * dropped by database functions that run as the schema owner ({@code SECURITY DEFINER}). Every call is
 * one transaction, serialised with every other call of this service on the database by an advisory lock,
 * and never runs inside a host's or {@code Portal.inTransaction}'s transaction (it refuses). Rows of a
 * month without a partition (a clock far ahead) go to the DEFAULT partition, which these calls never
 * remove; {@link #ensurePartitions} moves them into their month's partition when it creates it.
 */
public interface EmailLogRetention {

    /** How many months ahead of the current one the Portal keeps partitions at start. */
    int DEFAULT_MONTHS_AHEAD = 3;

    /**
     * Creates the partitions of the current month (the Portal's clock) and of the {@code monthsAhead}
     * months after it that do not exist yet; idempotent, and safe from any number of instances at once.
     * The Portal calls it with {@link #DEFAULT_MONTHS_AHEAD} when it starts; schedule it monthly
     * (or daily) on instances that run for months.
     *
     * @param monthsAhead 0 to 120
     * @return the partitions it created (none when all existed)
     * @throws dev.portalkit.core.ValidationException {@code monthsAhead} out of range; nothing created
     */
    List<EmailLogPartition> ensurePartitions(int monthsAhead);

    /** The partitions that hold e-mails now (the DEFAULT partition aside), oldest first. */
    List<EmailLogPartition> partitions();

    /**
     * Detaches and drops every partition whose e-mails are all older than {@code months} months: its
     * range ends at or before now minus {@code months} months. The current month, later months and the
     * DEFAULT partition are never touched, whatever {@code months}. The idempotency keys of the dropped
     * e-mails are freed. Idempotent: a second call drops nothing.
     *
     * @param months at least 1
     * @return what it dropped, oldest first
     * @throws dev.portalkit.core.ValidationException {@code months} below 1 or above 1200; nothing changed
     */
    List<EmailLogPartition> drop(int months, CallContext context);

    /**
     * As {@link #drop}, but keeps each partition as a detached table of the same name in the Portal's
     * schema (no longer read by any service), for the host to copy elsewhere and drop.
     */
    List<EmailLogPartition> archive(int months, CallContext context);
}
