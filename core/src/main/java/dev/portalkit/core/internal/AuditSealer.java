package dev.portalkit.core.internal;

import dev.portalkit.core.AuditCheckpoint;
import dev.portalkit.core.AuditKey;
import dev.portalkit.core.CoreError;
import dev.portalkit.core.PortalException;
import dev.portalkit.core.SealResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seals committed audit rows: one transaction per batch of at most {@link #BATCH} rows, under a
 * transaction-scoped advisory lock (one sealer at a time across every Portal on the database, and
 * through PgBouncer's transaction mode), with one checkpoint per batch handed to the host after the
 * commit. A batch that fails (its connection killed, say) rolls back whole; the next run starts from
 * the last committed seal. Even without the lock a row cannot be sealed twice, nor a position used
 * twice: both are unique in activity_log_seals. Not API.
 */
final class AuditSealer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuditSealer.class);
    static final int BATCH = 1000;
    private static final long WARN_EVERY_MS = 60_000;

    private final TxManager tx;
    private final AuditChain chain;
    private final Clock clock;
    private final String lockKey;
    private final Consumer<AuditCheckpoint> receiver;
    private final Object wake = new Object();
    private volatile boolean closed;
    private Thread thread;
    private long lastWarning;

    AuditSealer(TxManager tx, AuditChain chain, Clock clock, String schema, Consumer<AuditCheckpoint> receiver) {
        this.tx = tx;
        this.chain = chain;
        this.clock = clock;
        this.lockKey = "portalkit.audit.seal." + schema;
        this.receiver = receiver;
    }

    /** Starts the background thread: a daemon, so it never keeps a host's JVM alive. */
    synchronized void start(Duration interval) {
        long ms = interval.toMillis();
        thread = new Thread(() -> loop(ms), "portalkit-audit-sealer");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop(long intervalMs) {
        while (!closed) {
            synchronized (wake) {
                try {
                    wake.wait(intervalMs);
                } catch (InterruptedException e) {
                    return;
                }
            }
            if (closed) {
                return;
            }
            try {
                sealAll(false);
            } catch (PortalException e) {
                if (e.code() == CoreError.PORTAL_CLOSED) {
                    return;
                }
                warn(e.code() + " " + e.getClass().getSimpleName());
            } catch (RuntimeException e) {
                warn(e.getClass().getName());
            }
        }
    }

    /** At most one warning a minute: a database that is down fails every run. The next run retries. */
    private void warn(String what) {
        long now = System.currentTimeMillis();
        if (now - lastWarning >= WARN_EVERY_MS) {
            lastWarning = now;
            LOG.warn("Background audit sealing failed ({}); it retries at its next run", what);
        } else {
            LOG.debug("Background audit sealing failed ({})", what);
        }
    }

    /**
     * Seals batches until none is full. {@code wait}: wait for another sealer's batch (an on-demand
     * call); else give way to it (the background thread: the other one does the work).
     */
    SealResult sealAll(boolean wait) {
        if (tx.active()) {
            throw new PortalException(CoreError.INVALID_ARGUMENT, "ActivityLog.seal() cannot run inside a transaction:"
                    + " it seals what other transactions committed, in transactions of its own");
        }
        long total = 0;
        AuditCheckpoint newest = null;
        while (!closed || wait) {
            Batch b = tx.call(() -> batch(wait));
            if (b == null || b.sealed == 0) {
                break;
            }
            total += b.sealed;
            newest = b.checkpoint;
            deliver(b.checkpoint);
            if (b.sealed < BATCH) {
                break;
            }
        }
        return new SealResult(total, newest);
    }

    private record Batch(int sealed, AuditCheckpoint checkpoint) {
    }

    /** One batch, in the caller's transaction; null when another sealer holds the lock and {@code wait} is false. */
    private Batch batch(boolean wait) {
        AuditSealMapper m = tx.mapper(AuditSealMapper.class);
        if (wait) {
            m.lock(lockKey);
        } else if (!m.tryLock(lockKey)) {
            return null;
        }
        AuditSealMapper.SealRow last = m.last();
        String foreign = m.foreignTxid();
        if (foreign != null) {
            // Sealing on would put rows of this cluster below rows sealed already: they would never be sealed.
            throw new PortalException(CoreError.AUDIT_REBASE_NEEDED, foreign);
        }
        // Before the scan's snapshot, in a statement of its own (see AuditSealMapper.xml).
        Long[] others = m.otherDatabaseXids().toArray(Long[]::new);
        boolean java = chain.hashInJava(tx);
        m.orderedReads();
        List<AuditSealMapper.RowDigest> rows = last == null ? m.sealable(others, "0", 0, BATCH, java)
                : m.sealable(others, last.txid(), last.seq(), BATCH, java);
        if (rows.isEmpty()) {
            return new Batch(0, null);
        }
        AuditKey key = chain.current();
        AuditChain.Maker maker = AuditChain.maker(key);
        AuditChain.Digester digester = new AuditChain.Digester();
        HexFormat hex = HexFormat.of();
        int n = rows.size();
        Long[] positions = new Long[n];
        String[] txids = new String[n];
        Long[] seqs = new Long[n];
        String[] core = new String[n];
        String[] personal = new String[n];
        String[] macs = new String[n];
        long position = last == null ? 0 : last.position();
        byte[] previous = last == null ? AuditChain.GENESIS : last.mac();
        for (int i = 0; i < n; i++) {
            AuditSealMapper.RowDigest r = rows.get(i);
            position++;
            byte[] coreDigest = digester.core(r);
            byte[] personalDigest = digester.personal(r);
            previous = maker.mac(position, previous, coreDigest, personalDigest);
            positions[i] = position;
            txids[i] = r.txid();
            seqs[i] = r.seq();
            core[i] = hex.formatHex(coreDigest);
            personal[i] = hex.formatHex(personalDigest);
            macs[i] = hex.formatHex(previous);
        }
        Instant at = clock.instant();
        String keyId = key == null ? null : key.id();
        m.insertSeals(positions, txids, seqs, core, personal, macs, keyId, at);
        m.insertCheckpoint(position, previous, keyId, at);
        return new Batch(n, new AuditCheckpoint(position, hex.formatHex(previous), at, keyId));
    }

    private void deliver(AuditCheckpoint checkpoint) {
        if (receiver == null) {
            return;
        }
        try {
            receiver.accept(checkpoint);
        } catch (RuntimeException e) {
            // Committed already; the host can read it again with ActivityLog.checkpoints.
            LOG.warn("The host's audit checkpoint receiver failed for position {}: {}", checkpoint.position(),
                    e.getClass().getName());
        }
    }

    /** Stops the background thread, letting a running batch finish (at most about 5 s). */
    @Override
    public void close() {
        closed = true;
        synchronized (wake) {
            wake.notifyAll();
        }
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
