package dev.portalkit.core.internal;

import dev.portalkit.core.AuditCheckpoint;
import dev.portalkit.core.AuditKey;
import dev.portalkit.core.AuditVerification;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Verifies the sealed chain in keyset batches of {@link #BATCH} seals, each its own short read (no
 * statement reads the whole trail, so none meets the statement timeout as the trail grows), walking
 * activity_log_seals by position and activity_logs in seal order (txid, seq) side by side:
 * <ol>
 *   <li>positions run 1, 2, 3... with no gap;</li>
 *   <li>each seal's row exists, and no row lies between two seals (one inserted behind the sealer's back);</li>
 *   <li>the row's core digest, recomputed from its content, equals the sealed one; its personal digest
 *       too, unless the row is listed as erased, and then its personal fields must be in the erased form;</li>
 *   <li>the MAC, recomputed under the key named by the seal, equals the stored one: the database's
 *       owner can rewrite rows, seals and checkpoints, but not compute this without the host's key;</li>
 *   <li>the chain holds the host's checkpoints: the one it starts from, and the newest one exported
 *       (reaching it, with its value: else the newest sealed rows were removed).</li>
 * </ol>
 * Stops at the first failure. Not API.
 */
final class AuditVerifier {

    static final int BATCH = 10_000;
    private static final int REDACTED_LISTED = 1000;
    private static final long UNSEALED_CAP = 1_000_000;

    private final TxManager tx;
    private final AuditChain chain;

    AuditVerifier(TxManager tx, AuditChain chain) {
        this.tx = tx;
        this.chain = chain;
    }

    private final class Run {
        final AuditCheckpoint newest;
        final Map<String, AuditChain.Maker> makers = new HashMap<>();
        final List<Long> redacted = new ArrayList<>();
        long redactedCount;
        long checked;
        long position;
        byte[] previous = AuditChain.GENESIS;
        String txid = "0";
        long seq;
        String lastKeyId;
        java.time.Instant sealedAt;
        boolean any;

        Run(AuditCheckpoint newest) {
            this.newest = newest;
        }

        AuditVerification broken(Long sequence, long at, String problem) {
            return new AuditVerification(checked, sequence, problem, at, 0, redactedCount, redacted, end(), chain.keyed());
        }

        /** The chain has been checked up to {@code seal}, whose MAC is {@code mac}. */
        void reached(AuditSealMapper.SealRow seal, byte[] mac) {
            previous = mac;
            position = seal.position();
            txid = seal.txid();
            seq = seal.seq();
            lastKeyId = seal.keyId();
            sealedAt = seal.sealedAt();
            any = true;
        }

        AuditCheckpoint end() {
            return any ? new AuditCheckpoint(position, HexFormat.of().formatHex(previous), sealedAt, lastKeyId)
                    : null;
        }
    }

    AuditVerification verify(AuditCheckpoint from, AuditCheckpoint newest) {
        Run run = new Run(newest);
        if (from != null) {
            AuditSealMapper.SealRow start = tx.read(() -> tx.mapper(AuditSealMapper.class).at(from.position()));
            if (start == null) {
                return run.broken(null, from.position(), "the host's checkpoint at position " + from.position()
                        + " is not in the chain: sealed rows up to there were removed");
            }
            if (!MessageDigest.isEqual(start.mac(), from.chainBytes())) {
                return run.broken(start.seq(), from.position(), "the chain at position " + from.position()
                        + " differs from the host's checkpoint: sealed rows up to there were rewritten");
            }
            run.reached(start, from.chainBytes());
        }
        while (true) {
            long after = run.position;
            List<AuditSealMapper.SealRow> seals = tx.read(() -> tx.mapper(AuditSealMapper.class).seals(after, BATCH));
            if (seals.isEmpty()) {
                break;
            }
            AuditSealMapper.SealRow lastSeal = seals.get(seals.size() - 1);
            String fromTxid = run.txid;
            long fromSeq = run.seq;
            List<AuditSealMapper.RowDigest> rows = tx.read(() -> tx.mapper(AuditSealMapper.class)
                    .rows(fromTxid, fromSeq, lastSeal.txid(), lastSeal.seq(), BATCH + 1));
            AuditVerification failure = check(run, seals, rows);
            if (failure != null) {
                return failure;
            }
            if (seals.size() < BATCH) {
                break;
            }
        }
        if (newest != null && run.position < newest.position()) {
            return run.broken(null, run.position + 1, "the chain ends at position " + run.position + " but the host's"
                    + " newest checkpoint is at position " + newest.position() + ": the newest sealed rows were removed");
        }
        String t = run.txid;
        long s = run.seq;
        long unsealed = tx.read(() -> tx.mapper(AuditSealMapper.class).countAfter(t, s, UNSEALED_CAP));
        return new AuditVerification(run.checked, null, null, null, unsealed, run.redactedCount, run.redacted, run.end(),
                chain.keyed());
    }

    /** One batch of seals against the rows in their range; the failure, or null. */
    private AuditVerification check(Run run, List<AuditSealMapper.SealRow> seals, List<AuditSealMapper.RowDigest> rows) {
        int j = 0;
        for (AuditSealMapper.SealRow seal : seals) {
            long expected = run.position + 1;
            if (seal.position() != expected) {
                return run.broken(null, expected, "position " + expected + " is missing from the chain (the next seal is at "
                        + seal.position() + "): a seal was removed");
            }
            AuditSealMapper.RowDigest row = j < rows.size() ? rows.get(j) : null;
            if (row == null || compare(row.txid(), row.seq(), seal.txid(), seal.seq()) > 0) {
                return run.broken(seal.seq(), seal.position(), "row " + seal.seq() + " sealed at position " + seal.position()
                        + " is missing: it was deleted");
            }
            if (compare(row.txid(), row.seq(), seal.txid(), seal.seq()) < 0) {
                return run.broken(row.seq(), seal.position(), "row " + row.seq() + " lies inside the sealed chain (before"
                        + " position " + seal.position() + ") without a seal: it was inserted behind the sealer's back");
            }
            j++;
            if (!MessageDigest.isEqual(row.coreDigest(), seal.coreDigest())) {
                return run.broken(seal.seq(), seal.position(), "row " + seal.seq() + " (position " + seal.position()
                        + ") does not match its seal: it was changed");
            }
            if (row.erased()) {
                if (!row.erasedForm()) {
                    return run.broken(seal.seq(), seal.position(), "row " + seal.seq() + " (position " + seal.position()
                            + ") is listed as erased but its personal fields hold data: it was changed");
                }
                run.redactedCount++;
                if (run.redacted.size() < REDACTED_LISTED) {
                    run.redacted.add(seal.seq());
                }
            } else if (!MessageDigest.isEqual(row.personalDigest(), seal.personalDigest())) {
                return run.broken(seal.seq(), seal.position(), "row " + seal.seq() + " (position " + seal.position()
                        + ") does not match its seal in its personal fields: it was changed");
            }
            AuditChain.Maker maker;
            if (seal.keyId() == null) {
                if (chain.keyed()) {
                    return run.broken(seal.seq(), seal.position(), "position " + seal.position() + " was sealed without a"
                            + " key, but this Portal's chain is keyed: the seals were rewritten (or sealed before a key"
                            + " was configured: verify from a checkpoint after that)");
                }
                maker = run.makers.computeIfAbsent("", k -> AuditChain.maker(null));
            } else {
                AuditKey key = chain.key(seal.keyId());
                if (key == null) {
                    return run.broken(seal.seq(), seal.position(), "position " + seal.position() + " was sealed with key '"
                            + seal.keyId() + "', which this Portal was not given (Portal.Builder.auditKeys)");
                }
                maker = run.makers.computeIfAbsent(key.id(), k -> AuditChain.maker(key));
            }
            byte[] mac = maker.mac(seal.position(), run.previous, seal.coreDigest(), seal.personalDigest());
            if (!MessageDigest.isEqual(mac, seal.mac())) {
                return run.broken(seal.seq(), seal.position(), "the seal at position " + seal.position() + " (row "
                        + seal.seq() + ") does not verify" + (seal.keyId() == null ? "" : " under key '" + seal.keyId() + "'")
                        + ": the chain was rewritten from there");
            }
            if (run.newest != null && seal.position() == run.newest.position()
                    && !MessageDigest.isEqual(mac, run.newest.chainBytes())) {
                return run.broken(seal.seq(), seal.position(), "the chain at position " + seal.position() + " differs from"
                        + " the host's newest checkpoint: sealed rows up to there were rewritten");
            }
            run.reached(seal, mac);
            run.checked++;
        }
        if (j < rows.size()) {
            AuditSealMapper.RowDigest extra = rows.get(j);
            return run.broken(extra.seq(), run.position, "row " + extra.seq() + " lies inside the sealed chain without a"
                    + " seal: it was inserted behind the sealer's back");
        }
        return null;
    }

    /** Seal order: (txid, seq); txids are compared as the unsigned 64-bit numbers they are. */
    static int compare(String txidA, long seqA, String txidB, long seqB) {
        int c = Long.compareUnsigned(Long.parseUnsignedLong(txidA), Long.parseUnsignedLong(txidB));
        return c != 0 ? c : Long.compare(seqA, seqB);
    }
}
