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
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 *       (reaching it, with its value: else the newest sealed rows were removed);</li>
 *   <li>a sealed row that is gone was removed by {@link dev.portalkit.core.AuditRetention}: its position is
 *       one a removal recorded, and the trail holds that removal's own audit event, checked like any row,
 *       whose entity id is the digest of the removal's record (else the row was deleted). The MAC of its
 *       seal is still checked, over the digests the seal holds.</li>
 * </ol>
 * Stops at the first failure. Not API.
 */
final class AuditVerifier {

    private static final Logger LOG = LoggerFactory.getLogger(AuditVerifier.class);
    static final int BATCH = 10_000;
    /** At most this many parts of a long chain are checked at once, each on a thread and connection of its own. */
    static final int PARTS = 4;
    /**
     * Core's internal switch for tests: the batch size of verify() when the Portal is built (read
     * then, so that a test can make a small trail span many batches and every part). Not API.
     */
    public static final String INTERNAL_BATCH_PROPERTY = "portalkit.internal.auditVerifyBatch";
    private static final int REDACTED_LISTED = 1000;
    private static final long UNSEALED_CAP = 1_000_000;

    private final TxManager tx;
    private final AuditChain chain;
    private final int batch;

    AuditVerifier(TxManager tx, AuditChain chain) {
        this.tx = tx;
        this.chain = chain;
        this.batch = Integer.getInteger(INTERNAL_BATCH_PROPERTY, BATCH);
        if (batch < 1) {
            throw new IllegalArgumentException(INTERNAL_BATCH_PROPERTY + " must be positive, was " + batch);
        }
    }

    /**
     * The removals recorded (AuditRetention): which positions each covers, and which of them a walk
     * relied on or confirmed (its audit event checked). Shared by the parts of one verification.
     */
    static final class Removals {
        private static final java.util.regex.Pattern RANGE = java.util.regex.Pattern.compile("\\[(\\d+),(\\d+)\\)");
        private final List<AuditSealMapper.Removal> all;
        /** [from, to) position ranges, sorted, and the removal each belongs to. */
        private final long[] from;
        private final long[] to;
        private final AuditSealMapper.Removal[] owner;
        final java.util.Set<String> used = java.util.concurrent.ConcurrentHashMap.newKeySet();
        final java.util.Set<String> confirmed = java.util.concurrent.ConcurrentHashMap.newKeySet();

        Removals(List<AuditSealMapper.Removal> all) {
            this.all = all;
            List<long[]> ranges = new ArrayList<>();
            List<AuditSealMapper.Removal> owners = new ArrayList<>();
            for (AuditSealMapper.Removal r : all) {
                java.util.regex.Matcher m = RANGE.matcher(r.positions());
                while (m.find()) {
                    ranges.add(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
                    owners.add(r);
                }
            }
            Integer[] order = new Integer[ranges.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, java.util.Comparator.comparingLong(i -> ranges.get(i)[0]));
            from = new long[order.length];
            to = new long[order.length];
            owner = new AuditSealMapper.Removal[order.length];
            for (int i = 0; i < order.length; i++) {
                from[i] = ranges.get(order[i])[0];
                to[i] = ranges.get(order[i])[1];
                owner[i] = owners.get(order[i]);
            }
        }

        /** The removal whose rows held chain position {@code position}, or null. */
        AuditSealMapper.Removal covering(long position) {
            int i = java.util.Arrays.binarySearch(from, position);
            int at = i >= 0 ? i : -i - 2;
            return at >= 0 && position < to[at] ? owner[at] : null;
        }

        /** The first removal relied on whose audit event was not checked, or null. */
        AuditSealMapper.Removal unconfirmed() {
            return all.stream().filter(r -> used.contains(r.id()) && !confirmed.contains(r.id())).findFirst().orElse(null);
        }

        long firstPosition(AuditSealMapper.Removal r) {
            for (int i = 0; i < owner.length; i++) {
                if (owner[i] == r) {
                    return from[i];
                }
            }
            return 0;
        }
    }

    /** Where a walk stopped: the first failure in its part of the chain. */
    private record Failure(Long sequence, long at, String problem) {
    }

    /** The state of a walk along one part of the chain. */
    private final class Run {
        final AuditCheckpoint newest;
        final boolean hashInJava;
        final Removals removals;
        final Map<String, AuditChain.Maker> makers = new HashMap<>();
        final AuditChain.Digester digester = new AuditChain.Digester();
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

        Run(AuditCheckpoint newest, boolean hashInJava, Removals removals) {
            this.newest = newest;
            this.hashInJava = hashInJava;
            this.removals = removals;
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

    /**
     * The result after walking {@code runs}, consecutive parts of the chain in order, every one but
     * the last intact; {@code failure} is the last one's, or null.
     */
    private AuditVerification result(List<Run> runs, Failure failure, long unsealed) {
        long checked = 0;
        long redactedCount = 0;
        List<Long> redacted = new ArrayList<>();
        for (Run r : runs) {
            checked += r.checked;
            redactedCount += r.redactedCount;
            for (Long s : r.redacted) {
                if (redacted.size() < REDACTED_LISTED) {
                    redacted.add(s);
                }
            }
        }
        AuditCheckpoint end = runs.get(runs.size() - 1).end();
        return failure == null
                ? new AuditVerification(checked, null, null, null, unsealed, redactedCount, redacted, end, chain.keyed())
                : new AuditVerification(checked, failure.sequence(), failure.problem(), failure.at(), 0, redactedCount,
                        redacted, end, chain.keyed());
    }

    /**
     * Long chains are checked in up to {@link #PARTS} consecutive parts at once, each reading on a
     * connection of its own while the others check in Java (on a 2-core machine, several times as fast
     * as one walk). A part after the first starts from the MAC stored in the seal before it; the part
     * before ends on that seal and checks that MAC like every other, so a part's result counts only
     * when every part before it is intact, and the failure reported is the first in chain order,
     * exactly as one walk from the start finds it.
     */
    AuditVerification verify(AuditCheckpoint from, AuditCheckpoint newest) {
        boolean hashInJava = chain.hashInJava(tx);
        Removals removals = new Removals(tx.read(() -> tx.mapper(AuditSealMapper.class).removals()));
        Run first = new Run(newest, hashInJava, removals);
        if (from != null) {
            AuditSealMapper.SealRow start = tx.read(() -> tx.mapper(AuditSealMapper.class).at(from.position()));
            if (start == null) {
                return result(List.of(first), new Failure(null, from.position(), "the host's checkpoint at position "
                        + from.position() + " is not in the chain: sealed rows up to there were removed"), 0);
            }
            if (!MessageDigest.isEqual(start.mac(), from.chainBytes())) {
                return result(List.of(first), new Failure(start.seq(), from.position(), "the chain at position "
                        + from.position() + " differs from the host's checkpoint: sealed rows up to there were rewritten"), 0);
            }
            first.reached(start, from.chainBytes());
        }
        List<Run> runs = new ArrayList<>(List.of(first));
        Failure failure = walkInParts(runs, newest, hashInJava, removals);
        Run last = runs.get(runs.size() - 1);
        if (failure == null && newest != null && last.position < newest.position()) {
            failure = new Failure(null, last.position + 1, "the chain ends at position " + last.position + " but the"
                    + " host's newest checkpoint is at position " + newest.position() + ": the newest sealed rows were removed");
        }
        AuditSealMapper.Removal unconfirmed = failure == null ? removals.unconfirmed() : null;
        if (unconfirmed != null) {
            failure = new Failure(null, removals.firstPosition(unconfirmed), "rows sealed at the positions of the removal of"
                    + " partition " + unconfirmed.partitionName() + " are gone, but the trail holds no sealed audit event"
                    + " for that removal (audit.partition_removed, entity " + unconfirmed.id() + "): they were deleted, or"
                    + " the removal's record was changed (if it was removed just now: seal, then verify again)");
        }
        if (failure != null) {
            return result(runs, failure, 0);
        }
        String t = last.txid;
        long s = last.seq;
        long unsealed = tx.read(() -> tx.mapper(AuditSealMapper.class).countAfter(t, s, UNSEALED_CAP));
        return result(runs, null, unsealed);
    }

    /**
     * Walks the chain after {@code runs}' only run to its end, in up to {@link #PARTS} parts at once
     * when it is long enough (each later part's run is added to {@code runs} when it counts); the
     * first failure in chain order, or null.
     */
    private Failure walkInParts(List<Run> runs, AuditCheckpoint newest, boolean hashInJava, Removals removals) {
        Run first = runs.get(0);
        AuditSealMapper.SealRow top = tx.read(() -> tx.mapper(AuditSealMapper.class).last());
        long span = top == null ? 0 : top.position() - first.position;
        int n = span > 2L * batch ? (int) Math.min(PARTS, span / batch) : 1;
        Run[] part = new Run[n];
        long[] end = new long[n];
        part[0] = first;
        end[n - 1] = Long.MAX_VALUE;
        for (int i = 1; i < n; i++) {
            long at = first.position + span * i / n;
            AuditSealMapper.SealRow start = tx.read(() -> tx.mapper(AuditSealMapper.class).at(at));
            if (start == null) {
                // A seal missing where a part would start: one walk finds what is wrong on the way there.
                return walk(first, Long.MAX_VALUE, null);
            }
            part[i] = new Run(newest, hashInJava, removals);
            part[i].reached(start, start.mac());
            end[i - 1] = at;
        }
        AtomicBoolean stop = new AtomicBoolean();
        List<CompletableFuture<Failure>> later = new ArrayList<>();
        later.add(null);
        for (int i = 1; i < n; i++) {
            Run run = part[i];
            long upTo = end[i];
            CompletableFuture<Failure> result = new CompletableFuture<>();
            Thread worker = new Thread(() -> {
                try {
                    result.complete(walk(run, upTo, stop));
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            }, "portalkit-audit-verify-" + i);
            worker.setDaemon(true);
            worker.start();
            later.add(result);
        }
        try {
            for (int i = 0; i < n; i++) {
                Failure failure = i == 0 ? walk(first, end[0], null) : await(later.get(i));
                if (i > 0) {
                    runs.add(part[i]);
                }
                if (failure != null) {
                    return failure;
                }
                if (i < n - 1 && part[i].position != end[i]) {
                    // (Not reached: the next part's first seal exists, so this walk reaches it or fails before.)
                    stop.set(true);
                    return walk(part[i], Long.MAX_VALUE, null);
                }
            }
            return null;
        } finally {
            // Parts after the first failure start from a MAC nothing confirmed: their results do not count.
            stop.set(true);
            later.stream().skip(1).forEach(AuditVerifier::awaitQuietly);
        }
    }

    private static Failure await(CompletableFuture<Failure> later) {
        try {
            return later.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    private static void awaitQuietly(CompletableFuture<Failure> later) {
        try {
            later.join();
        } catch (CompletionException | CancellationException ignored) {
            // The result is discarded anyway.
        }
    }

    /**
     * Walks the chain from {@code run}'s position up to position {@code upTo} (or its end) in batches;
     * the first failure, or null. Gives up (null) when {@code stop} is set.
     */
    private Failure walk(Run run, long upTo, AtomicBoolean stop) {
        while (run.position < upTo) {
            if (stop != null && stop.get()) {
                return null;
            }
            long after = run.position;
            int limit = (int) Math.min(batch, upTo - after);
            List<AuditSealMapper.SealRow> seals = tx.read(() -> tx.mapper(AuditSealMapper.class).seals(after, limit));
            if (seals.isEmpty()) {
                break;
            }
            AuditSealMapper.SealRow lastSeal = seals.get(seals.size() - 1);
            String fromTxid = run.txid;
            long fromSeq = run.seq;
            // On a UTF8 server the columns, whose canonical texts and digests are made here (AuditChain.Canon);
            // else the database's digests.
            // A transaction, not an autocommit read: orderedReads holds until it ends.
            List<? extends AuditSealMapper.ChainRow> rows = tx.call(() -> {
                AuditSealMapper m = tx.mapper(AuditSealMapper.class);
                m.orderedReads();
                return run.hashInJava
                        ? m.rowFields(fromTxid, fromSeq, lastSeal.txid(), lastSeal.seq(), limit + 1)
                        : m.rows(fromTxid, fromSeq, lastSeal.txid(), lastSeal.seq(), limit + 1, false);
            });
            Failure failure = check(run, seals, rows);
            if (failure != null) {
                return failure;
            }
            if (seals.size() < limit) {
                break;
            }
        }
        return null;
    }

    /** One batch of seals against the rows in their range; the failure, or null. */
    private Failure check(Run run, List<AuditSealMapper.SealRow> seals, List<? extends AuditSealMapper.ChainRow> rows) {
        int j = 0;
        for (AuditSealMapper.SealRow seal : seals) {
            long expected = run.position + 1;
            if (seal.position() != expected) {
                return new Failure(null, expected, "position " + expected + " is missing from the chain (the next seal is at "
                        + seal.position() + "): a seal was removed");
            }
            AuditSealMapper.ChainRow row = j < rows.size() ? rows.get(j) : null;
            if (row == null || compare(row.txid(), row.seq(), seal.txid(), seal.seq()) > 0) {
                AuditSealMapper.Removal removal = run.removals.covering(seal.position());
                if (removal == null) {
                    return new Failure(seal.seq(), seal.position(), "row " + seal.seq() + " sealed at position " + seal.position()
                            + " is missing: it was deleted");
                }
                // Removed by AuditRetention (confirmed by its event at the end): the seal's own digests still chain.
                run.removals.used.add(removal.id());
                Failure broken = chainOn(run, seal);
                if (broken != null) {
                    return broken;
                }
                continue;
            }
            if (compare(row.txid(), row.seq(), seal.txid(), seal.seq()) < 0) {
                return new Failure(row.seq(), seal.position(), "row " + row.seq() + " lies inside the sealed chain (before"
                        + " position " + seal.position() + ") without a seal: it was inserted behind the sealer's back");
            }
            j++;
            byte[] coreDigest = run.digester.core(row);
            byte[] personalDigest = row.erased() ? null : run.digester.personal(row);
            if (run.hashInJava && (!MessageDigest.isEqual(coreDigest, seal.coreDigest())
                    || !row.erased() && !MessageDigest.isEqual(personalDigest, seal.personalDigest()))) {
                // Before a row is reported, the database's own digests are asked for, so that what is
                // reported is exactly what computing them there finds (as seals of earlier releases were).
                AuditSealMapper.RowDigest inDatabase = tx.read(() -> tx.mapper(AuditSealMapper.class).rowAt(seal.seq()));
                if (inDatabase != null) {
                    if (MessageDigest.isEqual(inDatabase.coreDigest(), seal.coreDigest())
                            && (row.erased() || MessageDigest.isEqual(inDatabase.personalDigest(), seal.personalDigest()))) {
                        // Only a difference between AuditChain.Canon and the database's text output gets here.
                        LOG.warn("Audit row {}: its canonical text built in Java differs from the database's; the"
                                + " database's digests were used (a PortalKit defect: please report it)", seal.seq());
                    }
                    coreDigest = inDatabase.coreDigest();
                    personalDigest = inDatabase.personalDigest();
                }
            }
            if (!MessageDigest.isEqual(coreDigest, seal.coreDigest())) {
                return new Failure(seal.seq(), seal.position(), "row " + seal.seq() + " (position " + seal.position()
                        + ") does not match its seal: it was changed");
            }
            if (row.erased()) {
                if (!row.erasedForm()) {
                    return new Failure(seal.seq(), seal.position(), "row " + seal.seq() + " (position " + seal.position()
                            + ") is listed as erased but its personal fields hold data: it was changed");
                }
                run.redactedCount++;
                if (run.redacted.size() < REDACTED_LISTED) {
                    run.redacted.add(seal.seq());
                }
            } else if (!MessageDigest.isEqual(personalDigest, seal.personalDigest())) {
                return new Failure(seal.seq(), seal.position(), "row " + seal.seq() + " (position " + seal.position()
                        + ") does not match its seal in its personal fields: it was changed");
            }
            if (row.removalId() != null) {
                run.removals.confirmed.add(row.removalId());
            }
            Failure broken = chainOn(run, seal);
            if (broken != null) {
                return broken;
            }
            run.checked++;
        }
        if (j < rows.size()) {
            AuditSealMapper.ChainRow extra = rows.get(j);
            return new Failure(extra.seq(), run.position, "row " + extra.seq() + " lies inside the sealed chain without a"
                    + " seal: it was inserted behind the sealer's back");
        }
        return null;
    }

    /** The seal's MAC over the digests it holds, checked and chained on; the failure, or null. */
    private Failure chainOn(Run run, AuditSealMapper.SealRow seal) {
        AuditChain.Maker maker;
        if (seal.keyId() == null) {
            if (chain.keyed()) {
                return new Failure(seal.seq(), seal.position(), "position " + seal.position() + " was sealed without a"
                        + " key, but this Portal's chain is keyed: the seals were rewritten (or sealed before a key"
                        + " was configured: verify from a checkpoint after that)");
            }
            maker = run.makers.computeIfAbsent("", k -> AuditChain.maker(null));
        } else {
            AuditKey key = chain.key(seal.keyId());
            if (key == null) {
                return new Failure(seal.seq(), seal.position(), "position " + seal.position() + " was sealed with key '"
                        + seal.keyId() + "', which this Portal was not given (Portal.Builder.auditKeys)");
            }
            maker = run.makers.computeIfAbsent(key.id(), k -> AuditChain.maker(key));
        }
        byte[] mac = maker.mac(seal.position(), run.previous, seal.coreDigest(), seal.personalDigest());
        if (!MessageDigest.isEqual(mac, seal.mac())) {
            return new Failure(seal.seq(), seal.position(), "the seal at position " + seal.position() + " (row "
                    + seal.seq() + ") does not verify" + (seal.keyId() == null ? "" : " under key '" + seal.keyId() + "'")
                    + ": the chain was rewritten from there");
        }
        if (run.newest != null && seal.position() == run.newest.position()
                && !MessageDigest.isEqual(mac, run.newest.chainBytes())) {
            return new Failure(seal.seq(), seal.position(), "the chain at position " + seal.position() + " differs from"
                    + " the host's newest checkpoint: sealed rows up to there were rewritten");
        }
        run.reached(seal, mac);
        return null;
    }

    /** Seal order: (txid, seq); txids are compared as the unsigned 64-bit numbers they are. */
    static int compare(String txidA, long seqA, String txidB, long seqB) {
        int c = Long.compareUnsigned(Long.parseUnsignedLong(txidA), Long.parseUnsignedLong(txidB));
        return c != 0 ? c : Long.compare(seqA, seqB);
    }
}
