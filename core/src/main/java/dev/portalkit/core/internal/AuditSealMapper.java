package dev.portalkit.core.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Param;

/** activity_log_seals, activity_log_checkpoints, activity_log_erasures, and activity_logs in seal order. Not API. */
public interface AuditSealMapper {

    /** One seal: a row's place in the chain. */
    record SealRow(long position, String txid, long seq, byte[] coreDigest, byte[] personalDigest, byte[] mac,
                   String keyId, Instant sealedAt) {
    }

    /**
     * A row of activity_logs as the chain sees it: its seal key and, for each of its two parts, either
     * the digest computed by the database or the canonical text to hash (see AuditSealMapper.xml,
     * hashInJava; {@link AuditChain.Digester} gives the digests either way).
     *
     * @param erased     whether it is listed in activity_log_erasures
     * @param erasedForm whether its personal fields hold exactly what an erasure leaves
     */
    record RowDigest(String txid, long seq, byte[] coreDigest, byte[] personalDigest, String coreText,
                     String personalText, boolean erased, boolean erasedForm, String removalId) implements ChainRow {
    }

    /** What the chain needs of a row, however it was read. */
    interface ChainRow {
        String txid();

        long seq();

        /** Whether it is listed in activity_log_erasures. */
        boolean erased();

        /** Whether its personal fields hold exactly what an erasure leaves. */
        boolean erasedForm();

        /** The id of the removal it records ({@code audit.partition_removed}), or null. */
        String removalId();
    }

    /**
     * A partition removed from the trail (activity_log_removals), with the id its values give.
     *
     * @param positions the chain positions of its rows, as an int8multirange's text
     */
    record Removal(String id, String partitionName, Instant rangeFrom, Instant rangeTo, long rowCount, String positions) {
    }

    /** Rows before an instant: how many, how many sealed, and the position of the last seal (or null). */
    record Coverage(long rowCount, long sealed, Long top) {
    }

    /**
     * A row of activity_logs as its columns, in the form the canonical texts are built from
     * (AuditSealMapper.xml, rowFields; {@link AuditChain.Canon}): each text column as the UTF-8 bytes
     * the driver received (pgjdbc's getBytes on a text column), never decoded into a String, or null.
     */
    record RowFields(String txid, long seq, byte[] id, long occurredMicros, byte[] actorId, byte[] actorRole,
                     byte[] action, byte[] entityType, byte[] entityId, byte[] requestId, byte[] actorEmail,
                     byte[] before, byte[] after, byte[] metadata, byte[] host, byte[] userAgent, boolean erased,
                     boolean erasedForm, String removalId) implements ChainRow {
    }

    /** Whether the server's encoding is UTF8 (then the canonical texts can be hashed in Java). */
    boolean utf8Server();

    record CheckpointRow(long position, byte[] mac, Instant sealedAt, String keyId) {
    }

    /** Reads in seal order without a sort for the rest of the transaction (AuditSealMapper.xml). */
    String orderedReads();

    /** Waits for the sealer lock (transaction-scoped, so it works through PgBouncer's transaction mode). */
    String lock(@Param("key") String key);

    boolean tryLock(@Param("key") String key);

    SealRow last();

    SealRow at(@Param("position") long position);

    /**
     * The next rows to seal, after (txid, seq) in seal order, of transactions older than the
     * statement's snapshot xmin: every one of them has ended, so no row can still appear before them.
     */
    /** The highest txid of activity_logs that this cluster has not handed out yet, or null (see V6). */
    String foreignTxid();

    List<RowDigest> sealable(@Param("others") Long[] otherDatabaseXids, @Param("txid") String txid, @Param("seq") long seq,
                             @Param("limit") int limit, @Param("hashInJava") boolean hashInJava);

    /** Transaction ids held now by backends of other databases (32-bit): they cannot write activity_logs. */
    List<Long> otherDatabaseXids();

    void insertSeals(@Param("positions") Long[] positions, @Param("txids") String[] txids, @Param("seqs") Long[] seqs,
                     @Param("core") String[] core, @Param("personal") String[] personal, @Param("macs") String[] macs,
                     @Param("keyId") String keyId, @Param("at") Instant at);

    void insertCheckpoint(@Param("position") long position, @Param("mac") byte[] mac, @Param("keyId") String keyId,
                          @Param("at") Instant at);

    List<SealRow> seals(@Param("after") long afterPosition, @Param("limit") int limit);

    /** Rows with (txid, seq) in (after, upTo], in seal order, at most {@code limit}. */
    List<RowDigest> rows(@Param("afterTxid") String afterTxid, @Param("afterSeq") long afterSeq,
                         @Param("toTxid") String toTxid, @Param("toSeq") long toSeq, @Param("limit") int limit,
                         @Param("hashInJava") boolean hashInJava);

    /** As {@link #rows}, the columns themselves (the digests to be computed in Java). */
    List<RowFields> rowFields(@Param("afterTxid") String afterTxid, @Param("afterSeq") long afterSeq,
                              @Param("toTxid") String toTxid, @Param("toSeq") long toSeq, @Param("limit") int limit);

    /** Row {@code seq} with its digests computed by the database, or null. */
    RowDigest rowAt(@Param("seq") long seq);

    /** Committed rows after (txid, seq) in seal order, counted up to {@code cap}. */
    long countAfter(@Param("txid") String txid, @Param("seq") long seq, @Param("cap") long cap);

    List<CheckpointRow> checkpoints(@Param("after") long afterPosition, @Param("limit") int limit);

    /** {@code entities}: a JSON array of {"type": ..., "id": ...}, the rows about them erased too. */
    long erase(@Param("subject") UUID subject, @Param("entities") String entities);

    List<dev.portalkit.core.AuditPartition> partitions();

    List<String> ensurePartitions(@Param("now") Instant now, @Param("ahead") int ahead);

    List<Removal> detachBefore(@Param("cutoff") Instant cutoff, @Param("through") long through, @Param("mac") byte[] mac,
                               @Param("archive") boolean archive);

    Coverage sealedBefore(@Param("before") Instant before);

    CheckpointRow checkpointAtOrAfter(@Param("position") long position);

    List<Removal> removals();
}
