package dev.portalkit.core;

import java.util.List;
import java.util.UUID;

/**
 * The audit trail ({@code activity_logs}). Services write it in the same transaction as their
 * change, without any lock shared between writers; the database refuses UPDATE, DELETE and
 * TRUNCATE. Committed rows are then sealed, in an order no later commit can change, into a chain
 * keyed with the host's {@link AuditKey} (the Portal's background sealer, or {@link #seal()}), and
 * {@link #verify(AuditCheckpoint, AuditCheckpoint)} finds a row altered, removed or inserted behind
 * the triggers' back, even by the database's owner, from a checkpoint the host kept.
 */
public interface ActivityLog {

    /** Records a host's own event, in the current transaction (or its own). */
    void record(AuditEvent event, CallContext context);

    /** Newest first, keyset-paginated. */
    Page<ActivityEntry> find(ActivityQuery query, PageRequest page);

    /**
     * Seals every committed row not sealed yet, in batches (one transaction each, a checkpoint
     * each, handed to {@code Portal.Builder.onAuditCheckpoint} after its commit). Rows of
     * transactions still running (anywhere in the database cluster) wait for a later run. One
     * sealer works at a time across every Portal on the database: this call waits for another one
     * to finish its batch. Must not be called inside {@code inTransaction}.
     */
    SealResult seal();

    /** {@link #verify(AuditCheckpoint, AuditCheckpoint)} from the first row, with no checkpoint of the host's. */
    AuditVerification verify();

    /**
     * Checks the sealed chain in batches (no statement reads more than 10,000 rows): every seal's
     * position, its row's content against the digests it sealed, and its MAC under the Portal's
     * {@link AuditKey}s (by the key id stored with it); every row inside the sealed range has one
     * seal. Stops at the first failure. Rows after the last seal are counted, not checked.
     *
     * @param from   a checkpoint the host kept: start there (the chain must hold exactly its value),
     *               or {@code null} to start at the first row
     * @param newest the newest checkpoint the host exported: the chain must reach it with its value,
     *               else the newest sealed rows were removed; or {@code null}
     */
    AuditVerification verify(@Nullable AuditCheckpoint from, @Nullable AuditCheckpoint newest);

    /** Checkpoints after {@code afterPosition} (0 for the first), oldest first, at most {@code limit} (1 to 1000). */
    List<AuditCheckpoint> checkpoints(long afterPosition, int limit);

    /**
     * Erases the personal data (actor e-mail snapshot, before, after, metadata, ip, user agent) of
     * every audit row {@code subjectId} acted in or that is about them as a user ({@code entity_type
     * 'user'}); what happened, when and to which entity stays. Sealed rows still verify (the seal
     * keeps a digest of what was there) and verification lists them as redacted. The erasure is
     * itself audited ({@code audit.personal_data_erased}), in the same transaction.
     *
     * @return how many rows were erased now (0 when there was nothing left to erase)
     */
    long erasePersonalData(UUID subjectId, CallContext context);
}
