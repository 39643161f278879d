package dev.portalkit.core.internal;

import dev.portalkit.core.ReadReplicas;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a lag-tolerant read goes: a replica that is up, within {@link ReadReplicas#maxLagBytes} of
 * the primary, and has replayed the reading caller's last write; otherwise the primary.
 *
 * <p>Writes are remembered by caller as the primary's WAL insert position read right after their
 * COMMIT (at or past the commit record), for {@link ReadReplicas#readYourWritesWindow}. A read by a
 * caller may use a replica whose replay position ({@code pg_last_wal_replay_lsn()}) is at or past that
 * caller's mark; a read with no caller bound compares with the latest write of anyone through this
 * Portal. The map of marks is bounded: when it overflows, its marks fold into one floor that every
 * caller waits for, so nothing is forgotten early, only coarsened.
 *
 * <p>A daemon thread probes each replica every {@link #PROBE_INTERVAL_MS}: its replay position, that it
 * is a standby at all, and its lag behind the primary's current position. One that fails is skipped
 * and probed again after {@link #DOWN_BACKOFF_MS}. Each change of a replica's state is logged once,
 * naming it by number only (a URL may carry a password).
 */
final class ReplicaRouter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaRouter.class);

    /** A write whose position is not known (the query after COMMIT failed): wait out the whole window. */
    static final long UNKNOWN = Long.MAX_VALUE;
    static final long PROBE_INTERVAL_MS = 200;
    static final long DOWN_BACKOFF_MS = 1000;
    private static final int MAX_CALLERS = 100_000;
    private static final int PROBE_TIMEOUT_SECONDS = 5;

    enum State { UNKNOWN, UP, BEHIND, DOWN, NOT_A_STANDBY }

    /** A write's position and when it was recorded ({@link System#nanoTime()}). */
    record Mark(long lsn, long at) {

        static final Mark NONE = new Mark(0, Long.MIN_VALUE / 2);

        Mark merge(Mark newer) {
            return new Mark(Math.max(lsn, newer.lsn), Math.max(at, newer.at));
        }
    }

    /** A replica chosen for one read, with the connection it runs on. */
    record Lease(Replica replica, Connection connection) {
    }

    static final class Replica {
        final int number;
        final DataSource dataSource;
        final ConnectionGate gate;
        volatile State state = State.UNKNOWN;
        /** The replay position last seen, or -1 when unknown (never lowered but by going down). */
        volatile long replayed = -1;
        volatile long nextProbe;

        Replica(int number, DataSource dataSource) {
            this.number = number;
            this.dataSource = dataSource;
            this.gate = new ConnectionGate(dataSource);
        }

        synchronized void replayedUpTo(long lsn) {
            if (lsn > replayed) {
                replayed = lsn;
            }
        }
    }

    private final List<Replica> replicas = new ArrayList<>();
    private final DataSource primary;
    private final long maxLagBytes;
    private final long windowNanos;
    private final Metrics metrics;
    private final Map<String, Mark> callers = new ConcurrentHashMap<>();
    private final AtomicReference<Mark> floor = new AtomicReference<>(Mark.NONE);
    private final AtomicReference<Mark> anyone = new AtomicReference<>(Mark.NONE);
    private final ReentrantLock pruning = new ReentrantLock();
    private final AtomicInteger next = new AtomicInteger();
    private final ScheduledExecutorService prober;
    /** The primary's WAL position at the last probe, or its latest commit this Portal saw if later. */
    private volatile long primaryLsn;

    ReplicaRouter(ReadReplicas config, DataSource primary, Metrics metrics) {
        int n = 1;
        for (DataSource ds : config.dataSources()) {
            replicas.add(new Replica(n++, ds));
        }
        this.primary = primary;
        this.maxLagBytes = config.maxLagBytes();
        this.windowNanos = config.readYourWritesWindow().toNanos();
        this.metrics = metrics;
        this.prober = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "portalkit-replica-probe");
            t.setDaemon(true);
            return t;
        });
        prober.scheduleWithFixedDelay(this::probeAll, 0, PROBE_INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    // ---- read-your-writes ----

    /** Records a committed write at {@code lsn} by each of {@code keys} (and by anyone). */
    void wrote(Collection<String> keys, long lsn) {
        Mark mark = new Mark(lsn, System.nanoTime());
        anyone.accumulateAndGet(mark, this::mergeLive);
        if (lsn != UNKNOWN && lsn > primaryLsn) {
            primaryLsn = lsn; // a racy max is fine: the next probe sets it again
        }
        if (keys == null) {
            return;
        }
        for (String key : keys) {
            callers.merge(key, mark, this::mergeLive);
        }
        if (callers.size() > MAX_CALLERS) {
            prune();
        }
    }

    /** The position a replica must have replayed to serve {@code caller} (null: unidentified) now. */
    long needed(String caller) {
        long now = System.nanoTime();
        if (caller == null) {
            return live(anyone.get(), now);
        }
        long need = live(floor.get(), now);
        Mark m = callers.get(caller);
        if (m != null) {
            if (expired(m, now)) {
                callers.remove(caller, m);
            } else {
                need = Math.max(need, m.lsn);
            }
        }
        return need;
    }

    private long live(Mark m, long now) {
        return expired(m, now) ? 0 : m.lsn;
    }

    private boolean expired(Mark m, long now) {
        return now - m.at > windowNanos;
    }

    /** Merges a new mark into one that may have expired: an expired one no longer counts. */
    private Mark mergeLive(Mark old, Mark newer) {
        return expired(old, newer.at) ? newer : old.merge(newer);
    }

    /** Drops expired marks; if the map is still full, folds every mark into the floor. */
    private void prune() {
        if (!pruning.tryLock()) {
            return;
        }
        try {
            long now = System.nanoTime();
            callers.entrySet().removeIf(e -> expired(e.getValue(), now));
            if (callers.size() > MAX_CALLERS / 2) {
                for (Map.Entry<String, Mark> e : callers.entrySet()) {
                    Mark m = e.getValue();
                    floor.accumulateAndGet(m, Mark::merge); // the floor first: a reader never sees neither
                    callers.remove(e.getKey(), m);
                }
            }
            if (expired(floor.get(), now)) {
                floor.set(Mark.NONE);
            }
        } finally {
            pruning.unlock();
        }
    }

    // ---- choosing ----

    /**
     * A replica and a connection to it that may serve a read by {@code caller} now, or null for the
     * primary. A replica whose last seen replay position is short of the caller's write is asked for
     * its position on that connection (one round trip) before it is passed over.
     */
    Lease choose(String caller) {
        long needed = needed(caller);
        int n = replicas.size();
        int start = Math.floorMod(next.getAndIncrement(), n);
        for (int i = 0; i < n; i++) {
            Replica r = replicas.get((start + i) % n);
            if (r.state != State.UP || needed == UNKNOWN) {
                continue;
            }
            Connection c = null;
            try {
                c = r.gate.acquire();
                if (!c.getAutoCommit()) {
                    c.setAutoCommit(true);
                }
                if (r.replayed < needed) {
                    long replay = replayPosition(c);
                    r.replayedUpTo(replay);
                    if (replay < needed) {
                        closeQuietly(c);
                        continue;
                    }
                }
                return new Lease(r, c);
            } catch (SQLException | RuntimeException e) {
                closeQuietly(c);
                if (e instanceof dev.portalkit.core.PortalException) {
                    throw (RuntimeException) e; // the Portal is closing
                }
                failed(r, e);
            }
        }
        return null;
    }

    void served(boolean byReplica) {
        if (metrics.enabled()) {
            metrics.count("portalkit.replica.reads", "target", byReplica ? "replica" : "primary");
        }
    }

    /**
     * Whether a read on a replica failed because of the replica, not the read: its connection broke,
     * it is shutting down or starting, or the standby cancelled the statement for a conflict with
     * replay. The read then runs again on the primary.
     */
    static boolean replicaFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                return state.startsWith("08") || state.startsWith("57P") || state.equals("40001");
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** A read failed on {@code r} for the replica's sake: down, unless it was a conflict with replay. */
    void failed(Replica r, Throwable e) {
        SQLException sql = ExceptionTranslator.findSql(e);
        if (sql != null && "40001".equals(sql.getSQLState())) {
            return;
        }
        down(r, sql);
    }

    // ---- probing ----

    private void probeAll() {
        try {
            probePrimary();
            long now = System.nanoTime();
            for (Replica r : replicas) {
                if ((r.state == State.DOWN || r.state == State.NOT_A_STANDBY) && now - r.nextProbe < 0) {
                    continue;
                }
                probe(r);
            }
        } catch (RuntimeException | Error e) {
            LOG.warn("Probing the read replicas failed: {}", e.getClass().getName());
        }
    }

    private void probePrimary() {
        try (Connection c = primary.getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout(PROBE_TIMEOUT_SECONDS);
            try (ResultSet rs = s.executeQuery("SELECT pg_current_wal_lsn()::text")) {
                rs.next();
                long lsn = Lsn.parse(rs.getString(1));
                if (lsn > primaryLsn) {
                    primaryLsn = lsn;
                }
            }
        } catch (SQLException | RuntimeException e) {
            // The primary's own troubles show on its reads and writes; the last position stays.
            LOG.debug("Reading the primary's WAL position failed: {}", e.getClass().getSimpleName());
        }
    }

    private void probe(Replica r) {
        try (Connection c = r.dataSource.getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout(PROBE_TIMEOUT_SECONDS);
            boolean standby;
            String replay;
            try (ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text")) {
                rs.next();
                standby = rs.getBoolean(1);
                replay = rs.getString(2);
            }
            if (!standby || replay == null) {
                change(r, State.NOT_A_STANDBY, "is not a streaming standby (pg_is_in_recovery() is false):"
                        + " it is never read from");
                r.replayed = -1;
                r.nextProbe = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DOWN_BACKOFF_MS);
                return;
            }
            long replayed = Lsn.parse(replay);
            r.replayedUpTo(replayed);
            long lag = Math.max(0, primaryLsn - replayed);
            if (lag > maxLagBytes) {
                change(r, State.BEHIND, "is " + lag + " bytes of WAL behind the primary (over replicaMaxLag "
                        + maxLagBytes + "): its reads go to the primary");
            } else {
                change(r, State.UP, "is up: lag-tolerant reads use it");
            }
        } catch (SQLException | RuntimeException e) {
            down(r, ExceptionTranslator.findSql(e));
        }
    }

    private void down(Replica r, SQLException cause) {
        r.replayed = -1;
        r.nextProbe = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DOWN_BACKOFF_MS);
        change(r, State.DOWN, "is unreachable" + (cause == null || cause.getSQLState() == null ? ""
                : " (SQLState " + cause.getSQLState() + ")") + ": its reads go to the primary");
    }

    private void change(Replica r, State to, String what) {
        State from;
        synchronized (r) {
            from = r.state;
            r.state = to;
        }
        if (from != to) {
            if (to == State.UP) {
                LOG.info("PortalKit read replica #{} {}", r.number, what);
            } else {
                LOG.warn("PortalKit read replica #{} {}", r.number, what);
            }
        }
    }

    /** The states in replica order, for tests and health. */
    List<State> states() {
        return replicas.stream().map(r -> r.state).toList();
    }

    private static long replayPosition(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_last_wal_replay_lsn()::text")) {
            rs.next();
            String lsn = rs.getString(1);
            return lsn == null ? -1 : Lsn.parse(lsn);
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                LOG.debug("Returning a replica connection failed (SQLState {})", e.getSQLState());
            }
        }
    }

    @Override
    public void close() {
        prober.shutdownNow();
        replicas.forEach(r -> r.gate.close());
    }

    /** PostgreSQL's {@code pg_lsn} text form, {@code XXXXXXXX/YYYYYYYY}, as the byte position it names. */
    static final class Lsn {

        private Lsn() {
        }

        static long parse(String text) {
            int slash = text.indexOf('/');
            if (slash <= 0) {
                throw new IllegalArgumentException("not an LSN");
            }
            return (Long.parseLong(text.substring(0, slash), 16) << 32) | Long.parseLong(text.substring(slash + 1), 16);
        }
    }
}
